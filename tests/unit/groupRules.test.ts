// ZIM's group rules as the app and the local service check them (src/zim/groupRules.ts).
import { describe, expect, it } from 'vitest'
import { checkGroupAvatarUrl, checkGroupID, checkGroupName, checkGroupNotice, GROUP_MAX_MEMBERS, GROUP_USERS_PER_CALL, GroupRole, ROOMS_PER_USER } from '@/zim/groupRules'

describe('group rules', () => {
  it('a groupID: empty only when the service may pick one, at most 1024 characters, no "#" first', () => {
    expect(checkGroupID('', true)).toBeNull()
    expect(checkGroupID('')?.rule).toBe('groupID.required')
    expect(checkGroupID('team-1')).toBeNull()
    expect(checkGroupID('#team')?.rule).toBe('groupID.hashPrefix')
    expect(checkGroupID('g'.repeat(1024))).toBeNull()
    expect(checkGroupID('g'.repeat(1025))).toMatchObject({ rule: 'groupID.maxChars', params: { max: 1024 } })
    expect(checkGroupID(7)?.rule).toBe('groupID.required')
  })

  it('counts bytes, not characters, for the name (100), the avatar URL (500) and the notice (300)', () => {
    expect(checkGroupName('é'.repeat(50))).toBeNull()
    expect(checkGroupName('é'.repeat(51))).toMatchObject({ rule: 'groupName.maxBytes', params: { max: 100 } })
    expect(checkGroupName('')).toBeNull()
    expect(checkGroupAvatarUrl('a'.repeat(500))).toBeNull()
    expect(checkGroupAvatarUrl('a'.repeat(501))).toMatchObject({ rule: 'groupAvatarUrl.maxBytes', params: { max: 500 } })
    expect(checkGroupNotice('通'.repeat(100))).toBeNull()
    expect(checkGroupNotice('通'.repeat(101))).toMatchObject({ rule: 'groupNotice.maxBytes', params: { max: 300 } })
    expect(checkGroupNotice(null)?.rule).toBe('groupNotice.required')
  })

  it('has ZIM\'s numbers', () => {
    expect([GROUP_MAX_MEMBERS, GROUP_USERS_PER_CALL, ROOMS_PER_USER]).toEqual([500, 100, 5])
    expect(GroupRole).toEqual({ Owner: 1, Admin: 2, Member: 3 })
  })
})
