import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE = join('examples', 'profiles', 'jane-doe.json');

/**
 * The bundled sample profile: found by walking up from this module, so it resolves the
 * same from the sources (tsx) and from a bundle in `dist/`, whatever the working directory.
 */
export async function findSampleProfile(from = dirname(fileURLToPath(import.meta.url))) {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, SAMPLE);
    try {
      await access(candidate);
      return candidate;
    } catch {
      if (dirname(directory) === directory) return undefined;
    }
  }
}
