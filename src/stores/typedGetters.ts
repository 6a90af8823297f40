import type { Pinia, StateTree, Store, StoreDefinition, StoreGeneric } from 'pinia'
import type { ComputedRef } from 'vue'

/**
 * pinia 2.2.4's types read getters through Vue 3.5's two-parameter WritableComputedRef;
 * under the Vue 3.4 that uni-app pins, every setup-store getter comes out as `any`.
 * This restores their types and changes nothing at runtime. Drop it once Vue and pinia
 * agree again.
 */
export type TypedStore<Id extends string, S extends StateTree, G, A> =
  Omit<Store<Id, S, G, A>, keyof G> & { readonly [K in keyof G]: G[K] extends ComputedRef<infer T> ? T : never }

export function typedGetters<Id extends string, S extends StateTree, G, A>(
  useStore: StoreDefinition<Id, S, G, A>,
): ((pinia?: Pinia | null, hot?: StoreGeneric) => TypedStore<Id, S, G, A>) & { $id: Id } {
  return useStore as never
}
