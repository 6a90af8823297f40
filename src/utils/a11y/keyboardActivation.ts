// uni-h5 renders <button> as a <uni-button> element and tappable views as <uni-view>: neither
// is a native button, so the keyboard cannot press them. Elements marked role="button"
// (and tabindex="0", to be in the Tab order) get what a native button does: Enter and Space
// press them. Installed once for the H5 document; WeChat has no keyboard to serve.

function isPressable(target: EventTarget | null): target is HTMLElement {
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement
    && target.getAttribute('role') === 'button'
    && target.getAttribute('aria-disabled') !== 'true'
}

/** Listens on `doc` for Enter / Space on a focused role="button"; returns the uninstaller. */
export function installKeyboardActivation(doc: Document): () => void {
  const onKeydown = (event: KeyboardEvent) => {
    if ((event.key !== 'Enter' && event.key !== ' ') || event.repeat || !isPressable(event.target))
      return
    // Space would scroll the page, Enter could reach an enclosing handler.
    event.preventDefault()
    event.target.click()
  }
  doc.addEventListener('keydown', onKeydown)
  return () => doc.removeEventListener('keydown', onKeydown)
}
