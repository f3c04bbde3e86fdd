import cliProgress from 'cli-progress';

/** A progress bar on a terminal, plain periodic lines otherwise (CI logs). */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(done: number, total: number) {
        if (Date.now() - last > 2000 || done === total) {
          last = Date.now();
          process.stderr.write(`${label}: ${done}/${total}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, done);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Numbered steps, each with its own bar: "[2/5] people [=====   ] 52%". `update(done, total, step)` starts the
 * next bar when the step changes and completes the one before; steps not in `labels` are shown by their key.
 */
export function stepProgress(labels: Record<string, string>, steps = Object.keys(labels)) {
  let current: { step: string; bar: ReturnType<typeof progressBar>; total: number } | null = null;
  const finish = () => {
    if (!current) return;
    current.bar.update(current.total, current.total);
    current.bar.stop();
    current = null;
  };
  return {
    update(done: number, total: number, step: string) {
      if (current?.step !== step) {
        finish();
        const n = steps.indexOf(step) + 1;
        const label = `[${n > 0 ? n : '?'}/${steps.length}] ${labels[step] ?? step}`;
        current = { step, bar: progressBar(label), total };
      }
      current.total = total;
      current.bar.update(done, total);
    },
    stop: finish,
  };
}
