// Page addresses in one place, so a renamed page breaks the type-check, not a tap.
export const routes = {
  login: '/pages/login/index',
  conversations: '/pages/conversations/index',
  chat: (conversationID: string, type = 0) => `/chat/index?id=${encodeURIComponent(conversationID)}&type=${type}`,
  // Chats, rooms and groups live in subpackages (the main package stays under its budget).
  createGroup: '/group/create/index',
  groupInfo: (groupID: string) => `/group/info/index?id=${encodeURIComponent(groupID)}`,
  room: (roomID: string) => `/chat/room?id=${encodeURIComponent(roomID)}`,
  /** One's own profile (its own subpackage). */
  profile: '/profile/index',
}
