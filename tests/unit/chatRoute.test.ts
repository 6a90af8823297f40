import { describe, expect, it } from 'vitest'
import { checkChatRoute, isKnownPage, parseHashRoute } from '@/utils/chatRoute'

describe('chat addresses', () => {
  it('reads an H5 hash address', () => {
    expect(parseHashRoute('#/chat/index?id=bob&type=0')).toEqual({ path: '/chat/index', query: { id: 'bob', type: '0' } })
    expect(parseHashRoute('')).toEqual({ path: '/', query: {} })
  })

  it('knows the app\'s pages and nothing else', () => {
    for (const path of ['/', '/pages/login/index', '/pages/conversations/index', '/chat/index'])
      expect(isKnownPage(path), path).toBe(true)
    for (const path of ['/pages/nope/index', '/chat', '/admin'])
      expect(isKnownPage(path), path).toBe(false)
  })

  it('accepts a peer ID, a room or group ID, and refuses the rest by rule', () => {
    expect(checkChatRoute({ id: 'bob', type: '0' })).toEqual({ ok: true, route: { conversationID: 'bob', type: 0 } })
    expect(checkChatRoute({ id: 'team%20one', type: '2' })).toEqual({ ok: true, route: { conversationID: 'team one', type: 2 } })
    expect(checkChatRoute({ type: '0' })).toEqual({ ok: false, missing: true })
    const rule = (query: Record<string, string>) => {
      const checked = checkChatRoute(query)
      return checked.ok || checked.missing ? null : checked.problem.rule
    }
    expect(rule({ id: 'a b' })).toBe('userID.charset')
    expect(rule({ id: 'bob', type: 'x' })).toBe('route.type')
    expect(rule({ id: '%E0%A4%A' })).toBe('route.idEncoding')
    expect(rule({ id: 'r'.repeat(1025), type: '1' })).toBe('route.idLength')
  })
})
