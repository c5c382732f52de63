import type { FormInput, HostEvent } from '../../machine/index.js';
import { missing, type ProfileScope } from './profile-scope.js';
import type { NodeRequest } from './responder.js';
import { ResponderError } from './responder-error.js';

/**
 * SUBMIT_FORMS with every form the node names that is not submitted yet, each once. When
 * all are in and the node still waits, all of them again: the gateway takes a form again
 * under the same callbackKey as the same answer, and an empty submission would send
 * nothing while the run counted it as an answer.
 */
export async function formEvents(
  { profile }: ProfileScope,
  request: NodeRequest,
): Promise<HostEvent[]> {
  const forms = profile.forms ?? {};
  const named = namedForms(request, Object.keys(forms));
  if (named.length === 0) {
    throw new ResponderError(
      request.node.nodeType,
      'forms',
      'the node names no forms and the profile has none',
    );
  }
  const submitted = new Set(request.view.forms?.submitted ?? []);
  const unsubmitted = named.filter((formId) => !submitted.has(formId));
  const filled: FormInput[] = (unsubmitted.length > 0 ? unsubmitted : named).map((formId) => {
    const formData = forms[formId];
    if (formData === undefined) throw missing(request, `forms.${formId}`);
    return { formId, formData };
  });
  const submit: HostEvent = { type: 'SUBMIT_FORMS', forms: filled };
  return [submit];
}

/**
 * The form ids the node names, each once (a config may list one twice); a node that names
 * none, with an empty list as without one, takes the profile's forms.
 */
function namedForms(request: NodeRequest, profileForms: readonly string[]): string[] {
  const formIds = request.node.config?.formIds ?? [];
  return [...new Set(formIds.length > 0 ? formIds : profileForms)];
}
