// Page addresses in one place, so a renamed page breaks the type-check, not a tap.
export const routes = {
  login: '/pages/login/index',
  conversations: '/pages/conversations/index',
  /** `at`: a messageID to open the chat at (a search result). */
  chat: (conversationID: string, type = 0, open: { at?: string } = {}) =>
    `/chat/index?id=${encodeURIComponent(conversationID)}&type=${type}${open.at ? `&at=${encodeURIComponent(open.at)}` : ''}`,
  /** Search everywhere, or within one chat. */
  search: (within?: { id: string, type: number }) => `/search/index${within ? `?id=${encodeURIComponent(within.id)}&type=${within.type}` : ''}`,
  // Chats, rooms and groups live in subpackages (the main package stays under its budget).
  createGroup: '/group/create/index',
  groupInfo: (groupID: string) => `/group/info/index?id=${encodeURIComponent(groupID)}`,
  room: (roomID: string) => `/chat/room?id=${encodeURIComponent(roomID)}`,
  /** One's own profile (its own subpackage). */
  profile: '/profile/index',
}
