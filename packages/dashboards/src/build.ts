/** Writes every generated file into k8s/monitoring/ (run by `pnpm build`). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generatedFiles } from './emit/files.js';
import { repoPath } from './paths.js';

for (const file of generatedFiles()) {
  const target = repoPath(file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  console.log(`wrote ${file.path}`);
}
