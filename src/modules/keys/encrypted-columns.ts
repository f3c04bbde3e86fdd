/**
 * Every column that holds ciphertext from PiiCipher.encrypt. `liudong keys rotate-data` re-encrypts exactly
 * these. A new encrypted column must be added here: `keys retire` scans every text column of every table
 * and refuses to retire a key that still protects a value anywhere, naming the column, and the test
 * keys-columns.test.ts fails when a column holds ciphertext but is not listed.
 */
export interface EncryptedTable {
  table: string;
  /** The primary key, in order, with the SQL type to cast parameters to. */
  key: { column: string; type: 'uuid' | 'text' | 'integer' }[];
  columns: string[];
}

export const ENCRYPTED_COLUMNS: EncryptedTable[] = [
  {
    table: 'person',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['id_number_enc', 'spouse_id_enc', 'phone'],
  },
  {
    table: 'app_user',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['totp_secret_enc', 'totp_pending_enc'],
  },
  {
    table: 'signing_key',
    key: [{ column: 'kid', type: 'text' }],
    columns: ['private_key_enc'],
  },
  {
    table: 'import_error',
    key: [
      { column: 'job_id', type: 'uuid' },
      { column: 'row_number', type: 'integer' },
    ],
    columns: ['cells_enc'],
  },
  {
    table: 'exchange_identity',
    key: [{ column: 'kid', type: 'text' }],
    columns: ['private_key_enc', 'box_private_key_enc'],
  },
  {
    table: 'exchange_dead_letter',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['raw_enc'],
  },
  {
    table: 'contact_change',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['phone_enc'],
  },
  {
    table: 'complaint',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['contact_phone_enc'],
  },
  {
    table: 'residence_permit',
    key: [{ column: 'id', type: 'uuid' }],
    columns: ['id_number_enc'],
  },
];
