import { useSyncExternalStore } from 'react';
import { pageSignals } from '../browser/page-signals.js';

const isOnline = () => pageSignals.getSnapshot().online;
const onlineOnServer = () => pageSignals.getServerSnapshot().online;

/** Whether the browser says it has a network (read from `pageSignals`); `true` during server rendering. */
export const useOnline = (): boolean =>
  useSyncExternalStore(pageSignals.subscribe, isOnline, onlineOnServer);
