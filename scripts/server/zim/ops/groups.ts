// Groups: who is in them (groupStore.ts), what they are called, and their messages (an
// ordinary conversation of type 2, stored and delivered like a peer chat's, with one unread
// count per member). The one who acts learns from the reply (the stand-in client emits the
// SDK's events for it); every other member online gets the events pushed.
import * as v from 'valibot'
import { ConversationEvent, ConversationType, MessageType } from '../../../../src/zim/constants'
import { ErrorCode } from '../../../../src/zim/errors'
import {
  checkGroupAvatarUrl,
  checkGroupID,
  checkGroupName,
  checkGroupNotice,
  GROUP_MAX_MEMBERS,
  GROUP_USERS_PER_CALL,
  GroupRole,
} from '../../../../src/zim/groupRules'
import type { GroupInfoField } from '../../../../src/zim/local/groupRoomProtocol'
import type { Push } from '../../../../src/zim/local/protocol'
import { checkUserID } from '../../../../src/zim/rules'
import type {
  ZIMConversation,
  ZIMErrorUserInfo,
  ZIMGroupFullInfo,
  ZIMGroupMemberInfo,
  ZIMGroupOperatedInfo,
  ZIMMessage,
} from '../../../../src/zim/types'
import type { MessageContent } from '../../db'
import type { GroupRow, MemberRow } from '../../groupStore'
import { conversationView, fitting, messageView } from '../views'
import type { OpCall, OpContext } from './context'
import { checkCombineSend, grantCombine } from './combine'
import { relayCommand } from './command'
import { defineOp, Refusal } from './context'
import { conversationID, count, ruled } from './schemas'

/** ZIMGroupEvent / ZIMGroupMemberEvent / ZIMGroupEnterType values. */
const GroupEvent = { Created: 1, Dismissed: 2, Joined: 3, Invited: 4, Left: 5, KickedOut: 6 } as const
const MemberEvent = { Joined: 1, Left: 2, KickedOut: 4, Invited: 5 } as const
const EnterType = { Created: 1, Joined: 3, Invited: 4 } as const
const Enter = 1
const Quit = 0

const userIDList = (name: string) => v.pipe(
  v.array(v.string(`${name} must be user IDs.`), `${name} must be a list.`),
  v.maxLength(GROUP_USERS_PER_CALL, `${name} must have at most ${GROUP_USERS_PER_CALL} IDs.`),
)
const groupID = conversationID('groupID')
const MEMBER_QUERY_MAX = 100

const schemas = {
  createGroup: v.looseObject({
    groupID: ruled(value => checkGroupID(value, true)),
    groupName: ruled(checkGroupName),
    groupAvatarUrl: ruled(checkGroupAvatarUrl),
    groupNotice: ruled(checkGroupNotice),
    userIDs: userIDList('userIDs'),
    maxMemberCount: v.optional(v.pipe(v.number('maxMemberCount must be a number.'), v.safeInteger('maxMemberCount must be a whole number.'), v.minValue(0, 'maxMemberCount must not be negative.')), 0),
  }),
  groupOnly: v.looseObject({ groupID }),
  users: v.looseObject({ groupID, userIDs: v.pipe(userIDList('userIDs'), v.minLength(1, 'userIDs must not be empty.')) }),
  setGroupMemberRole: v.looseObject({
    groupID,
    forUserID: ruled(checkUserID),
    role: v.picklist([GroupRole.Admin, GroupRole.Member], 'role must be 2 (admin) or 3 (member).'),
  }),
  transferGroupOwner: v.looseObject({ groupID, toUserID: ruled(checkUserID) }),
  queryGroupList: v.looseObject({}),
  queryGroupMembers: v.looseObject({
    groupID,
    nextFlag: v.optional(v.pipe(v.number('nextFlag must be a number.'), v.safeInteger('nextFlag must be a whole number.'), v.minValue(0, 'nextFlag must not be negative.')), 0),
    count,
  }),
  updateGroupInfo: v.variant('field', [
    v.looseObject({ groupID, field: v.literal('name'), value: ruled(checkGroupName) }),
    v.looseObject({ groupID, field: v.literal('notice'), value: ruled(checkGroupNotice) }),
    v.looseObject({ groupID, field: v.literal('avatarUrl'), value: ruled(checkGroupAvatarUrl) }),
  ], 'field must be name, notice or avatarUrl.'),
}

// ---- views ----

export function groupFullInfo(g: GroupRow): ZIMGroupFullInfo {
  return {
    baseInfo: { groupID: g.groupID, groupName: g.name, groupAvatarUrl: g.avatarUrl },
    groupNotice: g.notice,
    groupAttributes: {},
    groupAlias: '',
    notificationStatus: 1,
    mutedInfo: { mode: 0, expiredTime: 0, roles: [] },
    createTime: g.createTime,
    maxMemberCount: g.maxMembers,
    verifyInfo: { joinMode: 0, inviteMode: 0, beInviteMode: 0 },
  } as unknown as ZIMGroupFullInfo
}

export function memberView(ctx: OpContext, m: MemberRow): ZIMGroupMemberInfo {
  const operator = m.operatedBy ? ctx.db.groups.member(m.groupID, m.operatedBy) : undefined
  return {
    userID: m.userID,
    userName: ctx.names.get(m.userID),
    userAvatarUrl: '',
    userExtendedData: '',
    memberNickname: '',
    memberRole: m.role,
    memberAvatarUrl: '',
    muteExpiredTime: 0,
    groupEnterInfo: {
      enterTime: m.enterTime,
      enterType: m.enterType,
      ...(m.operatedBy && {
        operatedUser: { userID: m.operatedBy, userName: ctx.names.get(m.operatedBy), userAvatarUrl: '', userExtendedData: '', memberNickname: '', memberRole: operator?.role ?? GroupRole.Member },
      }),
    },
  } as ZIMGroupMemberInfo
}

function operatedInfo(ctx: OpContext, userID: string, role: number): ZIMGroupOperatedInfo {
  return { userID, userName: ctx.names.get(userID), memberNickname: '', memberRole: role }
}

/** A member's group conversation as it is now (undefined before the first message). */
function conversationOf(ctx: OpContext, userID: string, groupID: string): ZIMConversation | undefined {
  const row = ctx.db.conversation(userID, ConversationType.Group, groupID)
  return row && conversationView(row, ctx.names)
}

function push(ctx: OpContext, userIDs: Iterable<string>, frame: Push): void {
  for (const userID of userIDs) {
    const session = ctx.sessions.get(userID)
    if (session)
      ctx.writer.write(session.conn, frame)
  }
}

/** The member can no longer write in the group's conversation (left, removed, dismissed). */
function disable(ctx: OpContext, userID: string, groupID: string): void {
  const conversation = conversationOf(ctx, userID, groupID)
  if (conversation)
    push(ctx, [userID], { push: 'conversationChanged', infoList: [{ event: ConversationEvent.Disabled, conversation }] })
}

// ---- checks ----

function liveGroup({ ctx, api }: OpCall<unknown>, id: string): GroupRow {
  const g = ctx.db.groups.group(id)
  if (!g || g.dismissed)
    throw new Refusal(ErrorCode.GroupModuleGroupDoesNotExist, `API.${api}: group ${id} does not exist.`)
  return g
}

function membership(call: OpCall<unknown>, g: GroupRow): MemberRow {
  const me = call.ctx.db.groups.member(g.groupID, call.session.userID)
  if (!me)
    throw new Refusal(ErrorCode.GroupModuleUserIsNotInTheGroup, `API.${call.api}: you are not a member of group ${g.groupID}.`)
  return me
}

function noPermission(api: string, what: string): Refusal {
  return new Refusal(ErrorCode.GroupModuleGroupNoCorrespondingOperationAuthority, `API.${api}: ${what}.`)
}

function newGroupID(): string {
  return `g${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`
}

/** Adds users as members (invited or by creation); answers the added and the refused. */
function addMembers(ctx: OpContext, g: GroupRow, userIDs: string[], operator: string, enterType: number): { added: MemberRow[], errors: ZIMErrorUserInfo[] } {
  const errors: ZIMErrorUserInfo[] = []
  const added: MemberRow[] = []
  let room = g.maxMembers - ctx.db.groups.memberCount(g.groupID)
  const now = ctx.now()
  for (const userID of new Set(userIDs)) {
    if (checkUserID(userID)) {
      errors.push({ userID, reason: ErrorCode.CommonModuleParamsInvalid })
      continue
    }
    if (ctx.db.groups.member(g.groupID, userID)) {
      errors.push({ userID, reason: ErrorCode.GroupModuleMemberIsAlreadyInTheGroup })
      continue
    }
    if (room <= 0) {
      errors.push({ userID, reason: ErrorCode.GroupModuleGroupMemberHasReachedLimit })
      continue
    }
    ctx.db.groups.addMember({ groupID: g.groupID, userID, role: GroupRole.Member, enterTime: now, enterType, operatedBy: operator })
    added.push(ctx.db.groups.member(g.groupID, userID)!)
    room--
  }
  return { added, errors }
}

const others = (members: MemberRow[], ...not: string[]) => members.map(m => m.userID).filter(id => !not.includes(id))

// ---- ops ----

export const createGroup = defineOp<'createGroup', typeof schemas.createGroup>({
  api: 'createGroup',
  signedIn: true,
  schema: schemas.createGroup,
  handle(call) {
    const { ctx, session, req, api } = call
    const me = session.userID
    const id = req.groupID || newGroupID()
    const existing = ctx.db.groups.group(id)
    if (existing?.dismissed)
      throw new Refusal(ErrorCode.GroupModuleCreateGroupWithDismissed, `API.${api}: group ${id} was dismissed; its ID cannot be used again.`)
    if (existing)
      throw new Refusal(ErrorCode.GroupModuleGroupAlreadyExists, `API.${api}: group ${id} already exists.`)
    const maxMembers = req.maxMemberCount > 0 ? Math.min(req.maxMemberCount, GROUP_MAX_MEMBERS) : GROUP_MAX_MEMBERS
    const invited = [...new Set(req.userIDs)].filter(u => u !== me)
    if (1 + invited.filter(u => !checkUserID(u)).length > maxMembers)
      throw new Refusal(ErrorCode.GroupModuleGroupMemberHasReachedLimit, `API.${api}: a group has at most ${maxMembers} members.`)
    const now = ctx.now()
    ctx.db.groups.addGroup({ groupID: id, name: req.groupName, avatarUrl: req.groupAvatarUrl, notice: req.groupNotice, maxMembers, createTime: now })
    ctx.db.groups.addMember({ groupID: id, userID: me, role: GroupRole.Owner, enterTime: now, enterType: EnterType.Created, operatedBy: '' })
    const g = ctx.db.groups.group(id)!
    const { added, errors } = addMembers(ctx, g, invited, me, EnterType.Invited)
    const groupInfo = groupFullInfo(g)
    const owner = operatedInfo(ctx, me, GroupRole.Owner)
    const userList = added.map(m => memberView(ctx, m))
    const ids = added.map(m => m.userID)
    push(ctx, ids, { push: 'groupEvent', name: 'groupStateChanged', data: { state: Enter, event: GroupEvent.Invited, groupInfo, operatedInfo: owner } as never })
    push(ctx, ids, { push: 'groupEvent', name: 'groupMemberStateChanged', data: { groupID: id, state: Enter, event: MemberEvent.Invited, userList, operatedInfo: owner } as never })
    return { groupInfo, userList: [memberView(ctx, ctx.db.groups.member(id, me)!), ...userList], errorUserList: errors }
  },
})

export const joinGroup = defineOp<'joinGroup', typeof schemas.groupOnly>({
  api: 'joinGroup',
  signedIn: true,
  schema: schemas.groupOnly,
  handle(call) {
    const { ctx, session, api } = call
    const g = liveGroup(call, call.req.groupID)
    const me = session.userID
    if (ctx.db.groups.member(g.groupID, me))
      throw new Refusal(ErrorCode.GroupModuleMemberIsAlreadyInTheGroup, `API.${api}: you are already a member of group ${g.groupID}.`)
    if (ctx.db.groups.memberCount(g.groupID) >= g.maxMembers)
      throw new Refusal(ErrorCode.GroupModuleGroupMemberHasReachedLimit, `API.${api}: group ${g.groupID} is full (${g.maxMembers} members).`)
    ctx.db.groups.addMember({ groupID: g.groupID, userID: me, role: GroupRole.Member, enterTime: ctx.now(), enterType: EnterType.Joined, operatedBy: '' })
    const joined = memberView(ctx, ctx.db.groups.member(g.groupID, me)!)
    push(ctx, others(ctx.db.groups.members(g.groupID), me), {
      push: 'groupEvent',
      name: 'groupMemberStateChanged',
      data: { groupID: g.groupID, state: Enter, event: MemberEvent.Joined, userList: [joined], operatedInfo: operatedInfo(ctx, me, GroupRole.Member) } as never,
    })
    return { groupInfo: groupFullInfo(g) }
  },
})

/** The earliest remaining member becomes the owner; the others learn the new role. */
function handOver(ctx: OpContext, groupID: string, from: string): void {
  const remaining = ctx.db.groups.members(groupID)
  const heir = remaining[0]
  if (!heir)
    return
  ctx.db.groups.setRole(groupID, heir.userID, GroupRole.Owner)
  push(ctx, remaining.map(m => m.userID), {
    push: 'groupEvent',
    name: 'groupMemberInfoUpdated',
    data: { groupID, userList: [memberView(ctx, ctx.db.groups.member(groupID, heir.userID)!)], operatedInfo: operatedInfo(ctx, from, GroupRole.Owner) } as never,
  })
}

export const leaveGroup = defineOp<'leaveGroup', typeof schemas.groupOnly>({
  api: 'leaveGroup',
  signedIn: true,
  schema: schemas.groupOnly,
  handle(call) {
    const { ctx, session } = call
    const g = liveGroup(call, call.req.groupID)
    const mine = membership(call, g)
    const me = session.userID
    ctx.db.groups.removeMember(g.groupID, me)
    const remaining = ctx.db.groups.members(g.groupID)
    if (remaining.length === 0) {
      // The last one out: nobody is left to dismiss it.
      ctx.db.groups.dismiss(g.groupID)
    }
    else {
      push(ctx, remaining.map(m => m.userID), {
        push: 'groupEvent',
        name: 'groupMemberStateChanged',
        data: { groupID: g.groupID, state: Quit, event: MemberEvent.Left, userList: [memberView(ctx, mine)], operatedInfo: operatedInfo(ctx, me, mine.role) } as never,
      })
      if (mine.role === GroupRole.Owner)
        handOver(ctx, g.groupID, me)
    }
    return { groupID: g.groupID, groupInfo: groupFullInfo(g), member: memberView(ctx, mine), conversation: conversationOf(ctx, me, g.groupID) }
  },
})

export const dismissGroup = defineOp<'dismissGroup', typeof schemas.groupOnly>({
  api: 'dismissGroup',
  signedIn: true,
  schema: schemas.groupOnly,
  handle(call) {
    const { ctx, session, api } = call
    const g = liveGroup(call, call.req.groupID)
    const mine = membership(call, g)
    if (mine.role !== GroupRole.Owner)
      throw noPermission(api, 'only the owner can dismiss the group')
    const me = session.userID
    const members = others(ctx.db.groups.members(g.groupID), me)
    const self = memberView(ctx, mine)
    ctx.db.groups.dismiss(g.groupID)
    const groupInfo = groupFullInfo(g)
    const owner = operatedInfo(ctx, me, GroupRole.Owner)
    for (const userID of members) {
      push(ctx, [userID], { push: 'groupEvent', name: 'groupStateChanged', data: { state: Quit, event: GroupEvent.Dismissed, groupInfo, operatedInfo: owner } as never })
      disable(ctx, userID, g.groupID)
    }
    return { groupID: g.groupID, groupInfo, member: self, conversation: conversationOf(ctx, me, g.groupID) }
  },
})

export const inviteIntoGroup = defineOp<'inviteIntoGroup', typeof schemas.users>({
  api: 'inviteUsersIntoGroup',
  signedIn: true,
  schema: schemas.users,
  handle(call) {
    const { ctx, session, req } = call
    const g = liveGroup(call, req.groupID)
    const mine = membership(call, g)
    const me = session.userID
    const before = others(ctx.db.groups.members(g.groupID), me)
    const { added, errors } = addMembers(ctx, g, req.userIDs, me, EnterType.Invited)
    const userList = added.map(m => memberView(ctx, m))
    const by = operatedInfo(ctx, me, mine.role)
    const groupInfo = groupFullInfo(g)
    const ids = added.map(m => m.userID)
    if (added.length > 0) {
      push(ctx, ids, { push: 'groupEvent', name: 'groupStateChanged', data: { state: Enter, event: GroupEvent.Invited, groupInfo, operatedInfo: by } as never })
      push(ctx, [...before, ...ids], { push: 'groupEvent', name: 'groupMemberStateChanged', data: { groupID: g.groupID, state: Enter, event: MemberEvent.Invited, userList, operatedInfo: by } as never })
    }
    return { groupID: g.groupID, userList, errorUserList: errors, operatedInfo: by }
  },
})

export const kickGroupMembers = defineOp<'kickGroupMembers', typeof schemas.users>({
  api: 'kickGroupMembers',
  signedIn: true,
  schema: schemas.users,
  handle(call) {
    const { ctx, session, req, api } = call
    const g = liveGroup(call, req.groupID)
    const mine = membership(call, g)
    if (mine.role === GroupRole.Member)
      throw noPermission(api, 'only the owner and admins can remove members')
    const me = session.userID
    const errors: ZIMErrorUserInfo[] = []
    const kicked: MemberRow[] = []
    for (const userID of new Set(req.userIDs)) {
      const target = ctx.db.groups.member(g.groupID, userID)
      if (!target)
        errors.push({ userID, reason: ErrorCode.GroupModuleUserIsNotInTheGroup })
      else if (userID === me || target.role <= mine.role)
        errors.push({ userID, reason: ErrorCode.GroupModuleGroupNoCorrespondingOperationAuthority })
      else
        kicked.push(target)
    }
    for (const m of kicked)
      ctx.db.groups.removeMember(g.groupID, m.userID)
    if (kicked.length > 0) {
      const by = operatedInfo(ctx, me, mine.role)
      const groupInfo = groupFullInfo(g)
      for (const m of kicked) {
        push(ctx, [m.userID], { push: 'groupEvent', name: 'groupStateChanged', data: { state: Quit, event: GroupEvent.KickedOut, groupInfo, operatedInfo: by } as never })
        disable(ctx, m.userID, g.groupID)
      }
      push(ctx, others(ctx.db.groups.members(g.groupID), me), {
        push: 'groupEvent',
        name: 'groupMemberStateChanged',
        data: { groupID: g.groupID, state: Quit, event: MemberEvent.KickedOut, userList: kicked.map(m => memberView(ctx, m)), operatedInfo: by } as never,
      })
    }
    return { groupID: g.groupID, kickedUserIDs: kicked.map(m => m.userID), errorUserList: errors, userList: kicked.map(m => memberView(ctx, m)), operatedInfo: operatedInfo(ctx, me, mine.role) }
  },
})

function roleChanged(ctx: OpContext, groupID: string, changed: string[], by: ZIMGroupOperatedInfo) {
  const userList = changed.map(userID => memberView(ctx, ctx.db.groups.member(groupID, userID)!))
  push(ctx, others(ctx.db.groups.members(groupID), by.userID), { push: 'groupEvent', name: 'groupMemberInfoUpdated', data: { groupID, userList, operatedInfo: by } as never })
  return userList
}

export const setGroupMemberRole = defineOp<'setGroupMemberRole', typeof schemas.setGroupMemberRole>({
  api: 'setGroupMemberRole',
  signedIn: true,
  schema: schemas.setGroupMemberRole,
  handle(call) {
    const { ctx, session, req, api } = call
    const g = liveGroup(call, req.groupID)
    const mine = membership(call, g)
    if (mine.role !== GroupRole.Owner)
      throw noPermission(api, 'only the owner can change roles')
    if (req.forUserID === session.userID)
      throw noPermission(api, 'the owner\'s own role changes only by transferGroupOwner')
    if (!ctx.db.groups.member(g.groupID, req.forUserID))
      throw new Refusal(ErrorCode.GroupModuleUserIsNotInTheGroup, `API.${api}: ${req.forUserID} is not a member of group ${g.groupID}.`)
    ctx.db.groups.setRole(g.groupID, req.forUserID, req.role)
    const userList = roleChanged(ctx, g.groupID, [req.forUserID], operatedInfo(ctx, session.userID, GroupRole.Owner))
    return { groupID: g.groupID, forUserID: req.forUserID, role: req.role, userList }
  },
})

export const transferGroupOwner = defineOp<'transferGroupOwner', typeof schemas.transferGroupOwner>({
  api: 'transferGroupOwner',
  signedIn: true,
  schema: schemas.transferGroupOwner,
  handle(call) {
    const { ctx, session, req, api } = call
    const g = liveGroup(call, req.groupID)
    const mine = membership(call, g)
    const me = session.userID
    if (mine.role !== GroupRole.Owner)
      throw noPermission(api, 'only the owner can transfer the group')
    if (req.toUserID === me)
      throw new Refusal(ErrorCode.CommonModuleParamsInvalid, `API.${api}: you already own group ${g.groupID}.`)
    if (!ctx.db.groups.member(g.groupID, req.toUserID))
      throw new Refusal(ErrorCode.GroupModuleUserIsNotInTheGroup, `API.${api}: ${req.toUserID} is not a member of group ${g.groupID}.`)
    ctx.db.groups.setRole(g.groupID, req.toUserID, GroupRole.Owner)
    ctx.db.groups.setRole(g.groupID, me, GroupRole.Member)
    const userList = roleChanged(ctx, g.groupID, [req.toUserID, me], operatedInfo(ctx, me, GroupRole.Owner))
    return { groupID: g.groupID, toUserID: req.toUserID, userList }
  },
})

export const queryGroupList = defineOp<'queryGroupList', typeof schemas.queryGroupList>({
  api: 'queryGroupList',
  signedIn: true,
  schema: schemas.queryGroupList,
  handle({ ctx, session }) {
    const groupList = ctx.db.groups.groupsOf(session.userID).map(g => ({
      baseInfo: { groupID: g.groupID, groupName: g.name, groupAvatarUrl: g.avatarUrl },
      groupAlias: '',
      notificationStatus: 1,
    }))
    return { groupList, nextFlag: 0 } as never
  },
})

export const queryGroupInfo = defineOp<'queryGroupInfo', typeof schemas.groupOnly>({
  api: 'queryGroupInfo',
  signedIn: true,
  schema: schemas.groupOnly,
  handle(call) {
    return { groupInfo: groupFullInfo(liveGroup(call, call.req.groupID)) }
  },
})

export const queryGroupMembers = defineOp<'queryGroupMembers', typeof schemas.queryGroupMembers>({
  api: 'queryGroupMemberList',
  signedIn: true,
  schema: schemas.queryGroupMembers,
  handle(call) {
    const { ctx, req } = call
    const g = liveGroup(call, req.groupID)
    membership(call, g)
    const count = Math.min(req.count, MEMBER_QUERY_MAX)
    const page = ctx.db.groups.memberPage(g.groupID, req.nextFlag, count + 1)
    const more = page.length > count
    const shown = fitting(page.slice(0, count).map(m => ({ row: m, view: memberView(ctx, m) })), ctx.limits.maxReplyBytes)
    const last = shown.at(-1)
    return {
      groupID: g.groupID,
      userList: shown.map(s => s.view),
      // 0: no more pages (ZIM's convention).
      nextFlag: (more || shown.length < page.length) && last ? last.row.order : 0,
    }
  },
})

export const queryGroupMemberCount = defineOp<'queryGroupMemberCount', typeof schemas.groupOnly>({
  api: 'queryGroupMemberCount',
  signedIn: true,
  schema: schemas.groupOnly,
  handle(call) {
    const g = liveGroup(call, call.req.groupID)
    membership(call, g)
    return { groupID: g.groupID, count: call.ctx.db.groups.memberCount(g.groupID) }
  },
})

const UPDATE_EVENTS = { name: 'groupNameUpdated', notice: 'groupNoticeUpdated', avatarUrl: 'groupAvatarUrlUpdated' } as const
const UPDATE_FIELDS = { name: 'groupName', notice: 'groupNotice', avatarUrl: 'groupAvatarUrl' } as const

export const updateGroupInfo = defineOp<'updateGroupInfo', typeof schemas.updateGroupInfo>({
  api: 'updateGroupInfo',
  signedIn: true,
  schema: schemas.updateGroupInfo,
  handle(call) {
    const { ctx, session, req } = call
    const g = liveGroup(call, req.groupID)
    const mine = membership(call, g)
    const field = req.field as GroupInfoField
    ctx.db.groups.update(g.groupID, field, req.value)
    const data = { groupID: g.groupID, [UPDATE_FIELDS[field]]: req.value, operatedInfo: operatedInfo(ctx, session.userID, mine.role) }
    const members = ctx.db.groups.members(g.groupID)
    push(ctx, others(members, session.userID), { push: 'groupEvent', name: UPDATE_EVENTS[field], data } as never)
    // A new name or avatar is the conversation's too: each member's list shows it (as the SDK updates its own).
    if (field !== 'notice') {
      for (const m of members) {
        const row = ctx.db.conversation(m.userID, ConversationType.Group, g.groupID)
        if (row)
          ctx.pushConversation(m.userID, ConversationEvent.Updated, row)
      }
    }
    return { groupID: g.groupID, value: req.value }
  },
})

export const groupOps = {
  createGroup,
  joinGroup,
  leaveGroup,
  dismissGroup,
  inviteIntoGroup,
  kickGroupMembers,
  setGroupMemberRole,
  transferGroupOwner,
  queryGroupList,
  queryGroupInfo,
  queryGroupMembers,
  queryGroupMemberCount,
  updateGroupInfo,
}

// ---- messages ----

/** Longest idempotency key kept (as for peer sends). */
const CLIENT_ID_MAX_CHARS = 128

/**
 * sendMessage to a group: stored once, each member's conversation touched (unread + 1 for
 * all but the sender), pushed to members online and queued for the others' next login.
 */
export function sendToGroup(call: OpCall<{ toConversationID: string }>, content: MessageContent, senderLocal: { localMessageID?: string, localExtendedData?: string }): { message: ZIMMessage } {
  const { ctx, session, req, api } = call
  const { db } = ctx
  const g = db.groups.group(req.toConversationID)
  if (!g || g.dismissed)
    throw new Refusal(ErrorCode.GroupModuleGroupDoesNotExist, `API.${api}: group ${req.toConversationID} does not exist.`)
  const sender = session.userID
  if (!db.groups.member(g.groupID, sender))
    throw new Refusal(ErrorCode.GroupModuleUserIsNotInTheGroup, `API.${api}: you are not a member of group ${g.groupID}.`)
  const clientID = senderLocal.localMessageID && senderLocal.localMessageID.length <= CLIENT_ID_MAX_CHARS ? senderLocal.localMessageID : undefined
  if (clientID) {
    const earlier = db.messageByClientID(sender, clientID)
    if (earlier)
      return { message: messageView(earlier, sender) }
  }
  const members = db.groups.members(g.groupID)
  // Typing and other signals reach the members online now and are never stored, as in a peer chat.
  if (content.type === MessageType.Command)
    return relayCommand(ctx, sender, content, g.groupID, ConversationType.Group, senderLocal, members.map(m => m.userID))
  checkCombineSend(ctx, sender, content, api)
  const online = new Map(members.map(m => [m.userID, m.userID === sender ? undefined : ctx.sessions.get(m.userID)]))
  const stored = db.transaction(() => {
    const m = db.insertMessage({
      conversation: db.conversationFor(ConversationType.Group, g.groupID),
      sender,
      receiver: g.groupID,
      conversationType: ConversationType.Group,
      timestamp: ctx.now(),
      content,
      senderLocal,
    })
    if (clientID)
      db.rememberClientID(sender, clientID, m.id)
    // The group's members may now fetch the message's file or combined children.
    if (typeof content.fileUID === 'string' && content.fileUID !== '')
      ctx.media.store.used(content.fileUID, m.conversation, m.id)
    grantCombine(ctx, content, { conversation: m.conversation, id: m.id, sender })
    const touched = members.map(member => ({
      userID: member.userID,
      touched: db.touchMembership(member.userID, g.groupID, m, member.userID === sender ? 0 : 1),
    }))
    for (const member of members) {
      if (member.userID !== sender && !online.get(member.userID))
        db.enqueue(member.userID, m.id)
    }
    return { m, touched }
  })
  let mine: ZIMMessage | undefined
  for (const { userID, touched } of stored.touched) {
    const view = messageView(stored.m, userID)
    if (userID === sender) {
      mine = view
      ctx.pushConversation(userID, touched.added ? ConversationEvent.Added : ConversationEvent.Updated, touched.conversation, view)
      continue
    }
    const receiver = online.get(userID)
    if (!receiver)
      continue
    ctx.writer.write(receiver.conn, {
      push: 'messages',
      conversationType: ConversationType.Group,
      fromConversationID: g.groupID,
      messageList: [view],
      isOfflineMessage: false,
    }, { onLost: () => db.enqueue(userID, stored.m.id) })
    ctx.pushConversation(userID, touched.added ? ConversationEvent.Added : ConversationEvent.Updated, touched.conversation, view)
  }
  return { message: mine ?? messageView(stored.m, sender) }
}

/** queryHistoryMessage of a group: members only. */
export function groupHistoryConversation(call: OpCall<{ conversationID: string }>): number | undefined {
  const { ctx, session, req, api } = call
  const g = ctx.db.groups.group(req.conversationID)
  if (!g)
    throw new Refusal(ErrorCode.GroupModuleGroupDoesNotExist, `API.${api}: group ${req.conversationID} does not exist.`)
  if (!ctx.db.groups.member(g.groupID, session.userID))
    throw new Refusal(ErrorCode.GroupModuleUserIsNotInTheGroup, `API.${api}: you are not a member of group ${g.groupID}.`)
  return ctx.db.conversationFor(ConversationType.Group, g.groupID)
}
