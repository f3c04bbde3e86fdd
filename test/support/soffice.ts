/**
 * LibreOffice for tests that need a workbook written by a program other than ours. Required in CI
 * (`CI=true`): a missing soffice fails there; elsewhere the tests that need it are skipped with the hint.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const SOFFICE_HINT = 'LibreOffice is required in CI: apt-get install libreoffice-calc-nogui';

export function sofficeBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** Skip (outside CI only) when LibreOffice is missing; in CI the test runs and fails on the missing binary. */
export const sofficeRequired = (): boolean => sofficeBinary() !== null || process.env.CI === 'true';

/** Converts each file to `.xlsx` in `outdir` with its own throwaway profile; returns the written paths. */
export function convertToXlsx(files: string[], outdir: string): string[] {
  const binary = sofficeBinary();
  if (!binary) throw new Error(SOFFICE_HINT);
  const run = spawnSync(
    binary,
    [
      '--headless',
      `-env:UserInstallation=file://${path.join(outdir, 'lo-profile')}`,
      '--convert-to',
      'xlsx',
      '--outdir',
      outdir,
      ...files,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (run.status !== 0) throw new Error(`soffice failed (${run.status}): ${run.stderr}`);
  return files.map((f) => path.join(outdir, `${path.basename(f).replace(/\.[^.]+$/, '')}.xlsx`));
}
