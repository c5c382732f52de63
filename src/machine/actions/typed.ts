import {
  type ActionFunction,
  type Assigner,
  assign,
  emit,
  type ParameterizedObject,
  type SendExpr,
} from 'xstate';
import type { FlowContext } from '../context.js';
import type { FlowEmitted, HostEvent } from '../types.js';

type Params = ParameterizedObject['params'] | undefined;

// XState's own `assign` and `emit`, typed as `setup()` types them, so that actions written
// one concept per file check as they would inside `setup()`. `P` is an action's static
// params (`{ type: 'settle', params: { status } }`). No `enqueueActions`: it ships every
// action creator xstate has (`raise`, `sendTo`, `spawnChild`…), some 550 B gzip of the
// browser entry; an action that changes the context and tells the host is a pair in the
// chart (the assign, then an emit reading what it kept), guarded where it tells only news.

export const assignFlow = assign as <P extends Params = undefined>(
  assigner: Assigner<FlowContext, HostEvent, P, HostEvent, never>,
) => ActionFunction<FlowContext, HostEvent, HostEvent, P, never, never, never, never, never>;

export const emitFlow = emit as <P extends Params = undefined>(
  expr: SendExpr<FlowContext, HostEvent, P, FlowEmitted, HostEvent>,
) => ActionFunction<FlowContext, HostEvent, HostEvent, P, never, never, never, never, FlowEmitted>;
