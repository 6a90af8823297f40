// Keeping a picked file past a restart: WeChat's temporary files may be gone when the
// mini-program starts again, so an upload waiting in the outbox saves its file first.
// H5 has nothing to save to (a blob: URL dies with the page).

/** uni.saveFile where it exists and works; null otherwise (the item stays temporary). */
export function uniSaveFile(path: string): Promise<string | null> {
  const api = typeof uni === 'undefined' ? undefined : (uni as unknown as { saveFile?: (o: { tempFilePath: string, success: (r: { savedFilePath: string }) => void, fail: () => void }) => void })
  if (!api?.saveFile || /^blob:/.test(path))
    return Promise.resolve(null)
  return new Promise((resolve) => {
    try {
      api.saveFile!({ tempFilePath: path, success: r => resolve(r.savedFilePath || null), fail: () => resolve(null) })
    }
    catch {
      resolve(null)
    }
  })
}
