// Storage of groups and their members (schema v5). The group's messages are an ordinary
// conversation (type 2, key = groupID) in db.ts; this file knows who is in which group.
import type { Database } from 'better-sqlite3'

export interface GroupRow {
  groupID: string
  name: string
  avatarUrl: string
  notice: string
  maxMembers: number
  createTime: number
  dismissed: boolean
}

export interface MemberRow {
  groupID: string
  userID: string
  role: number
  enterTime: number
  enterType: number
  operatedBy: string
  /** Order of joining: smaller joined earlier. */
  order: number
}

interface GroupRecord { group_id: string, name: string, avatar_url: string, notice: string, max_members: number, create_time: number, dismissed: number }
interface MemberRecord { group_id: string, user_id: string, role: number, enter_time: number, enter_type: number, operated_by: string, rowid: number }

const toGroup = (r: GroupRecord): GroupRow => ({
  groupID: r.group_id,
  name: r.name,
  avatarUrl: r.avatar_url,
  notice: r.notice,
  maxMembers: r.max_members,
  createTime: r.create_time,
  dismissed: r.dismissed === 1,
})

const toMember = (r: MemberRecord): MemberRow => ({
  groupID: r.group_id,
  userID: r.user_id,
  role: r.role,
  enterTime: r.enter_time,
  enterType: r.enter_type,
  operatedBy: r.operated_by,
  order: r.rowid,
})

const MEMBER_COLUMNS = 'rowid, group_id, user_id, role, enter_time, enter_type, operated_by'

export function createGroupStore(db: Database) {
  const s = {
    group: db.prepare<[string], GroupRecord>('SELECT * FROM groups WHERE group_id = ?'),
    addGroup: db.prepare('INSERT INTO groups (group_id, name, avatar_url, notice, max_members, create_time) VALUES (?, ?, ?, ?, ?, ?)'),
    setName: db.prepare('UPDATE groups SET name = ? WHERE group_id = ?'),
    setNotice: db.prepare('UPDATE groups SET notice = ? WHERE group_id = ?'),
    setAvatar: db.prepare('UPDATE groups SET avatar_url = ? WHERE group_id = ?'),
    dismiss: db.prepare('UPDATE groups SET dismissed = 1 WHERE group_id = ?'),
    member: db.prepare<[string, string], MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM group_members WHERE group_id = ? AND user_id = ?`),
    members: db.prepare<[string], MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM group_members WHERE group_id = ? ORDER BY rowid`),
    memberPage: db.prepare<[string, number, number], MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM group_members WHERE group_id = ? AND rowid > ? ORDER BY rowid LIMIT ?`),
    memberCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM group_members WHERE group_id = ?'),
    addMember: db.prepare('INSERT INTO group_members (group_id, user_id, role, enter_time, enter_type, operated_by) VALUES (?, ?, ?, ?, ?, ?)'),
    removeMember: db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?'),
    removeAll: db.prepare('DELETE FROM group_members WHERE group_id = ?'),
    setRole: db.prepare('UPDATE group_members SET role = ? WHERE group_id = ? AND user_id = ?'),
    groupsOf: db.prepare<[string], GroupRecord>(`SELECT g.* FROM group_members m JOIN groups g ON g.group_id = m.group_id
      WHERE m.user_id = ? AND g.dismissed = 0 ORDER BY m.rowid`),
  }

  return {
    group(groupID: string): GroupRow | undefined {
      const r = s.group.get(groupID)
      return r && toGroup(r)
    },
    addGroup(g: Omit<GroupRow, 'dismissed'>): void {
      s.addGroup.run(g.groupID, g.name, g.avatarUrl, g.notice, g.maxMembers, g.createTime)
    },
    update(groupID: string, field: 'name' | 'notice' | 'avatarUrl', value: string): void {
      const statement = field === 'name' ? s.setName : field === 'notice' ? s.setNotice : s.setAvatar
      statement.run(value, groupID)
    },
    /** The group stays (its ID taken, its history readable); nobody is in it any more. */
    dismiss(groupID: string): void {
      s.dismiss.run(groupID)
      s.removeAll.run(groupID)
    },
    member(groupID: string, userID: string): MemberRow | undefined {
      const r = s.member.get(groupID, userID)
      return r && toMember(r)
    },
    /** In order of joining. */
    members(groupID: string): MemberRow[] {
      return s.members.all(groupID).map(toMember)
    },
    memberPage(groupID: string, afterOrder: number, count: number): MemberRow[] {
      return s.memberPage.all(groupID, afterOrder, count).map(toMember)
    },
    memberCount(groupID: string): number {
      return s.memberCount.get(groupID)!.n
    },
    addMember(m: Omit<MemberRow, 'order'>): void {
      s.addMember.run(m.groupID, m.userID, m.role, m.enterTime, m.enterType, m.operatedBy)
    },
    removeMember(groupID: string, userID: string): void {
      s.removeMember.run(groupID, userID)
    },
    setRole(groupID: string, userID: string, role: number): void {
      s.setRole.run(role, groupID, userID)
    },
    /** The groups a user is in now, in order of joining. */
    groupsOf(userID: string): GroupRow[] {
      return s.groupsOf.all(userID).map(toGroup)
    },
  }
}

export type GroupStore = ReturnType<typeof createGroupStore>
