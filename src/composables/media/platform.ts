// Which runtime the app is in, read from uni at run time (the same bundle code serves both
// targets' tests): WeChat has chooseMessageFile and a recorder, H5 has file inputs.

type UniPlatformName = 'web' | 'mp-weixin' | string

function uniPlatformName(): UniPlatformName {
  try {
    const info = typeof uni.getSystemInfoSync === 'function' ? uni.getSystemInfoSync() as { uniPlatform?: string } : undefined
    return info?.uniPlatform ?? 'web'
  }
  catch {
    return 'web'
  }
}

export const isMiniProgram = () => uniPlatformName().startsWith('mp-')

/** uni.getRecorderManager exists on the mini-program and the App; not on H5. */
export function hasRecorder(): boolean {
  return isMiniProgram() && typeof uni.getRecorderManager === 'function'
}
