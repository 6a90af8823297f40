// uni-h5 renders <input>/<textarea> as a wrapper element around the real field, and puts
// the attributes it is given on the wrapper: a screen reader then finds a field without a
// name. This puts the accessible name, description and state on the real field (H5 only;
// on WeChat the attributes on the component are already the field's).
import { onMounted, watch, type Ref } from 'vue'

export type FieldAttrs = Record<string, string | null>

/** `element` returns the real field (null where there is no DOM); `attrs` are kept on it. */
export function useFieldA11y(element: () => HTMLElement | null, attrs: Readonly<Ref<FieldAttrs>>): void {
  function apply() {
    const el = element()
    if (!el)
      return
    for (const [name, value] of Object.entries(attrs.value)) {
      if (value === null)
        el.removeAttribute(name)
      else
        el.setAttribute(name, value)
    }
  }
  onMounted(apply)
  watch(attrs, apply, { flush: 'post' })
}

/** The real <input> or <textarea> inside a uni field component (or the element itself). */
export function innerField(component: unknown): HTMLElement | null {
  if (typeof HTMLElement === 'undefined')
    return null
  if (component instanceof HTMLInputElement || component instanceof HTMLTextAreaElement)
    return component
  const root = (component as { $el?: Element } | null)?.$el
  const inner = root?.querySelector?.('input, textarea')
  return inner instanceof HTMLElement ? inner : null
}
