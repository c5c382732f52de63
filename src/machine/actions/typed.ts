import {
  type ActionFunction,
  type Assigner,
  assign,
  emit,
  enqueueActions,
  type ParameterizedObject,
  type SendExpr,
} from 'xstate';
import type { FlowContext } from '../context.js';
import type { FlowEmitted, HostEvent } from '../types.js';

type Params = ParameterizedObject['params'] | undefined;
type Enqueue<P extends Params> = typeof enqueueActions<
  FlowContext,
  HostEvent,
  P,
  HostEvent,
  never,
  never,
  never,
  never,
  FlowEmitted
>;

// XState's own `assign`, `enqueueActions` and `emit`, typed as `setup()` types them, so that
// actions written one concept per file check as they would inside `setup()`. `P` is an
// action's static params (`{ type: 'settle', params: { status } }`).

export const assignFlow = assign as <P extends Params = undefined>(
  assigner: Assigner<FlowContext, HostEvent, P, HostEvent, never>,
) => ActionFunction<FlowContext, HostEvent, HostEvent, P, never, never, never, never, never>;

export const enqueueFlow = enqueueActions as <P extends Params = undefined>(
  collect: Parameters<Enqueue<P>>[0],
) => ReturnType<Enqueue<P>>;

export const emitFlow = emit as <P extends Params = undefined>(
  expr: SendExpr<FlowContext, HostEvent, P, FlowEmitted, HostEvent>,
) => ActionFunction<FlowContext, HostEvent, HostEvent, P, never, never, never, never, FlowEmitted>;
