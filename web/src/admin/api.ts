/** The admin API's answers (GET/POST /api/users, /api/dept-keys, /api/exchange/status). */
import type { Role } from '../types';

export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  division: { code: string; name: string; fullName: string };
  active: boolean;
  lockedAt: string | null;
  throttledUntil: string | null;
  mustChangePassword: boolean;
  totpEnrolled: boolean;
  createdAt: string;
  passwordChangedAt: string | null;
  manageable: boolean;
}

export interface UserList {
  items: StaffAccount[];
  truncated: boolean;
  grantableRoles: Role[];
}

export interface UserActionResult {
  user: StaffAccount;
  temporaryPassword: string | null;
}

export type UserAction = 'password_reset' | 'lock' | 'unlock' | 'totp_reset' | 'deactivate';

export interface DeptKey {
  id: string;
  prefix: string;
  department: string;
  division: { code: string; fullName: string };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scopes: DeptScope[];
}

/** What a department key may do (src/core/dept-scopes.ts). */
export const DEPT_SCOPES = ['certificate_status', 'residence_permits:write'] as const;
export type DeptScope = (typeof DEPT_SCOPES)[number];

export interface ExchangeStatus {
  deployment: { kid: string; publicKey: string; encryptionKey: string; divisions: string[] };
  outboxPending: number;
  outboxFailing: number;
  oldestPendingAt: string | null;
  awaitingReplies: number;
  inboxOpen: number;
  deadLetters: number;
  meanLagMsLastHour: number | null;
  nats: { configured: false } | { configured: true; subjectPrefix: string; stream: string };
  consumers:
    | { state: 'ok'; items: { consumer: string; pending: number; ackPending: number; redelivered: number }[] }
    | { state: 'not_configured' | 'unreachable'; detail: string };
  peers: { name: string; kid: string; divisions: string[]; lastSeen: string | null; messages: number }[];
  unknownPeersSeen: { kid: string; lastSeen: string; messages: number }[];
}
