import { describe, expect, it } from 'vitest'
import { checkChatRoute, isKnownPage, parseHashRoute } from '@/utils/chatRoute'
import { routes } from '@/utils/navigation'

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

  it('opens at a message: `at` is a ZIM messageID (digits), refused by rule otherwise', () => {
    expect(checkChatRoute({ id: 'bob', type: '0', at: '12345' })).toEqual({ ok: true, route: { conversationID: 'bob', type: 0, at: '12345' } })
    expect(checkChatRoute({ id: 'bob', type: '0', at: '' })).toEqual({ ok: true, route: { conversationID: 'bob', type: 0 } })
    for (const at of ['abc', '12 3', '1'.repeat(21), '%E0%A4%A']) {
      const checked = checkChatRoute({ id: 'bob', at })
      expect(checked.ok || checked.missing ? null : checked.problem.rule, at).toBe('search.routeAt')
    }
    expect(isKnownPage('/search/index')).toBe(true)
  })

  it('routes.chat and routes.search build the addresses chatRoute reads back', () => {
    const url = routes.chat('a b', 2, { at: '99' })
    expect(url).toBe('/chat/index?id=a%20b&type=2&at=99')
    expect(checkChatRoute(parseHashRoute(`#${url}`).query)).toEqual({ ok: true, route: { conversationID: 'a b', type: 2, at: '99' } })
    expect(routes.chat('bob')).toBe('/chat/index?id=bob&type=0')
    expect(routes.search()).toBe('/search/index')
    expect(routes.search({ id: 'bob', type: 0 })).toBe('/search/index?id=bob&type=0')
  })
})
