/**
 * The few pieces the public pages draw before antd is needed (all of /verify, the portal's sign-in), in plain
 * elements and public.css: antd would triple their download.
 */
import type { ReactNode } from 'react';

export type Tone = 'success' | 'warning' | 'error' | 'info';

const COLOR: Record<Tone, string> = { success: '#52c41a', warning: '#faad14', error: '#ff4d4f', info: '#1677ff' };

/** A filled circle with a tick, an exclamation mark or a cross, as antd's Result and Alert show. */
export function ToneIcon({ tone, size }: { tone: Tone; size: number }) {
  const mark =
    tone === 'success' ? (
      <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    ) : tone === 'warning' ? (
      <path d="M12 6.5v7M12 16.8v.4" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
    ) : tone === 'info' ? (
      <path d="M12 10.5v7M12 6.8v.4" fill="none" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
    ) : (
      <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    );
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="v-result-icon-svg">
      <circle cx="12" cy="12" r="12" fill={COLOR[tone]} />
      {mark}
    </svg>
  );
}

export function Alert({
  tone,
  children,
  testId,
}: {
  tone: Exclude<Tone, 'success'>;
  children: ReactNode;
  testId: string;
}) {
  return (
    <div className={`v-alert ${tone}`} role="alert" data-testid={testId}>
      <span className="v-alert-icon">
        <ToneIcon tone={tone} size={14} />
      </span>
      <div>{children}</div>
    </div>
  );
}

export function Button(props: {
  children: ReactNode;
  onClick: () => void;
  busy?: boolean;
  disabled?: boolean;
  primary?: boolean;
  large?: boolean;
  small?: boolean;
  block?: boolean;
  submit?: boolean;
  testId: string;
}) {
  const classes = ['v-button', props.primary ? 'primary' : '', props.large ? 'large' : '', props.small ? 'small' : ''];
  if (props.block) classes.push('block');
  if (props.busy) classes.push('busy');
  return (
    <button
      type={props.submit ? 'submit' : 'button'}
      className={classes.filter(Boolean).join(' ')}
      disabled={props.disabled}
      aria-busy={props.busy}
      onClick={(event) => {
        if (props.submit) event.preventDefault();
        if (!props.busy) props.onClick();
      }}
      data-testid={props.testId}
    >
      {props.busy ? <span className="v-spinner" aria-hidden="true" /> : null}
      {props.children}
    </button>
  );
}

/** Label and value rows, like antd's bordered Descriptions in one column. */
export function Details({ rows, testId }: { rows: [string, ReactNode][]; testId: string }) {
  return (
    <table className="v-table" data-testid={testId}>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A white card, with an optional title bar like antd's Card. */
export function Card({ title, children, testId }: { title?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="v-card" data-testid={testId}>
      {title ? <div className="v-card-title">{title}</div> : null}
      <div className="v-card-body">{children}</div>
    </section>
  );
}

export function Spinner() {
  return (
    <div className="v-page-spinner" role="status" aria-busy="true">
      <span className="v-spinner large" />
    </div>
  );
}
