// Loading and writing with visible state: `useLoad` keeps data, a readable error and a reload function;
// `useAction` runs one write at a time and keeps its error next to the control that caused it.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ApiError, describeError } from '../api/client';

export interface Loaded<T> {
  data: ShallowRef<T | undefined>;
  error: Ref<string>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

export function useLoad<T>(loader: () => Promise<T>, options: { immediate?: boolean } = {}): Loaded<T> {
  const data = shallowRef<T>();
  const error = ref('');
  const loading = ref(false);
  let latest = 0;
  const reload = async () => {
    const mine = ++latest;
    loading.value = true;
    try {
      const value = await loader();
      if (mine !== latest) return;
      data.value = value;
      error.value = '';
    } catch (e) {
      if (mine === latest) error.value = describeError(e);
    } finally {
      if (mine === latest) loading.value = false;
    }
  };
  if (options.immediate !== false) void reload();
  return { data, error, loading, reload };
}

export interface Action {
  busy: Ref<boolean>;
  error: Ref<string>;
  /** The failure as the API sent it, for forms that point at the field it names. */
  failure: ShallowRef<ApiError | undefined>;
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
}

export function useAction(): Action {
  const busy = ref(false);
  const error = ref('');
  const failure = shallowRef<ApiError>();
  const clear = () => {
    error.value = '';
    failure.value = undefined;
  };
  const run = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    busy.value = true;
    clear();
    try {
      return await work();
    } catch (e) {
      error.value = describeError(e);
      if (e instanceof ApiError) failure.value = e;
      return undefined;
    } finally {
      busy.value = false;
    }
  };
  return { busy, error, failure, run, clear };
}
