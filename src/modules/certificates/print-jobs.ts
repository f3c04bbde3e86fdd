/**
 * Batch printing: many certificates into one PDF, rendered in the background so the console can show
 * progress. Jobs live in this process's memory for JOB_TTL_MS and belong to the user who started them;
 * a restart loses unfinished jobs, which the user simply starts again.
 */
import crypto from 'node:crypto';
import { type PrintableCertificate, renderCertificatesPdf } from './certificates.pdf.ts';

const JOB_TTL_MS = 15 * 60_000;

export interface PrintJob {
  id: string;
  ownerId: string;
  total: number;
  done: number;
  state: 'running' | 'done' | 'failed';
  pdf: Buffer | null;
  createdAt: number;
}

export class PrintJobs {
  private jobs = new Map<string, PrintJob>();

  start(ownerId: string, certs: PrintableCertificate[], baseUrl: string, onDone?: (job: PrintJob) => void): PrintJob {
    this.prune();
    const job: PrintJob = {
      id: crypto.randomUUID(),
      ownerId,
      total: certs.length,
      done: 0,
      state: 'running',
      pdf: null,
      createdAt: Date.now(),
    };
    this.jobs.set(job.id, job);
    renderCertificatesPdf(certs, baseUrl, (done) => {
      job.done = done;
    })
      .then((pdf) => {
        job.pdf = pdf;
        job.state = 'done';
        onDone?.(job);
      })
      .catch(() => {
        job.state = 'failed';
      });
    return job;
  }

  /** Only the owner sees a job; anyone else gets the same answer as for a missing one. */
  get(id: string, ownerId: string): PrintJob | undefined {
    const job = this.jobs.get(id);
    return job && job.ownerId === ownerId ? job : undefined;
  }

  private prune(): void {
    const cutoff = Date.now() - JOB_TTL_MS;
    for (const [id, job] of this.jobs) if (job.createdAt < cutoff) this.jobs.delete(id);
  }
}

export function jobView(job: PrintJob) {
  return { id: job.id, total: job.total, done: job.done, state: job.state };
}
