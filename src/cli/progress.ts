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
