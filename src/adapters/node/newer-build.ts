import { packageVersion } from './package-version.js';

let thisBuild: string | undefined;

/** The kyc-flow version this process runs, as its `package.json` says (read once). */
export const buildVersion = (): string => {
  thisBuild ??= packageVersion();
  return thisBuild;
};

const RELEASE = /^(\d+)\.(\d+)\.(\d+)/;

/**
 * `version` is a later release than this build's (major, minor, patch; anything after them
 * not compared). `false` for anything that is no version (`'unknown'`, absent): no claim.
 */
export function isNewerBuild(version: unknown, than: string = buildVersion()): boolean {
  const theirs = typeof version === 'string' ? RELEASE.exec(version) : null;
  const ours = RELEASE.exec(than);
  if (!theirs || !ours) return false;
  for (let part = 1; part <= 3; part += 1) {
    const difference = Number(theirs[part]) - Number(ours[part]);
    if (difference !== 0) return difference > 0;
  }
  return false;
}
