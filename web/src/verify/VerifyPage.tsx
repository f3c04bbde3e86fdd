/**
 * The public verify page (/verify): no login, phone-first. It takes a scanned QR link (the payload after
 * '#', which never reaches server logs as a URL), a pasted payload, a certificate number, or a photo of
 * the QR code decoded in the browser. It shows masked data only: a number alone gets the status, and the
 * holder's masked details need the QR code or the number plus the holder's birth date.
 */
import { Alert, Button, Card, Descriptions, Input, Result, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import LanguageSwitch from '../components/LanguageSwitch';
import { decodeImage } from './decodeImage';

interface Verification {
  result: 'valid' | 'expired' | 'revoked' | 'replaced' | 'forged' | 'not_found';
  label: string;
  reason: string | null;
  /** The holder fields are present only when `detailed` (QR code, or number plus the right birth date). */
  certificate: {
    number: string;
    kind: 'standard' | 'temporary';
    maskedName?: string;
    idNumberMasked?: string;
    childrenCount?: number;
    issuer: { name: string };
    issuedOn: string;
    expiresOn: string;
    replacedByNumber?: string | null;
  } | null;
  /** A birth registration's QR code or number (SY…), verified on the same page (issue 4). */
  registration?: {
    number: string;
    maskedName?: string;
    idNumberMasked?: string;
    office: { name: string | null };
    registeredOn: string;
    childOrder?: number;
  } | null;
  detailed: boolean;
}

const T = {
  zh: {
    title: '婚育情况证明核验',
    hint: '扫描证明上的二维码，或粘贴二维码内容、输入证明编号。',
    placeholder: '二维码内容或证明编号（HY开头）',
    check: '核验',
    photo: '拍照/选择二维码图片',
    noQr: '图片中未识别到二维码',
    number: '证明编号',
    name: '姓名',
    id: '身份证号',
    issuer: '签发机关',
    issued: '签发日期',
    expires: '有效期至',
    children: '子女数',
    replacedBy: '新证编号',
    birthDateHint: '仅凭编号只显示证明状态。输入持证人的出生日期，可查看证明上的信息（姓名、身份证号已打码）。',
    birthDate: '持证人出生日期',
    details: '查看证明信息',
    noDetails: '出生日期与记录不符，仅显示证明状态。',
  },
  en: {
    title: 'Verify a status certificate',
    hint: 'Scan the QR code on the certificate, or paste its content, or type the certificate number.',
    placeholder: 'QR content or certificate number (starts with HY)',
    check: 'Verify',
    photo: 'Photo of the QR code',
    noQr: 'No QR code found in the picture',
    number: 'Number',
    name: 'Name',
    id: 'ID number',
    issuer: 'Issued by',
    issued: 'Issued',
    expires: 'Expires',
    children: 'Children',
    replacedBy: 'Replaced by',
    birthDateHint:
      "A number alone shows the status only. Enter the holder's birth date to see the certificate's details (name and ID number masked).",
    birthDate: "Holder's birth date",
    details: 'Show details',
    noDetails: 'The birth date does not match the record; only the status is shown.',
  },
};

const STATUS = {
  valid: 'success',
  expired: 'warning',
  revoked: 'error',
  replaced: 'warning',
  forged: 'error',
  not_found: 'error',
} as const;

/** On a 390 px phone the label column must stay one line (证明编号 wrapped to two); long values wrap instead. */
const ROW_STYLES = {
  label: { whiteSpace: 'nowrap', width: '1%' },
  content: { wordBreak: 'break-all' },
} as const;

export default function VerifyPage() {
  const { i18n } = useTranslation();
  const t = i18n.language === 'en' ? T.en : T.zh;
  const [input, setInput] = useState('');
  const [answer, setAnswer] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<string | null>(null);
  const [birthDate, setBirthDate] = useState('');
  const [triedBirthDate, setTriedBirthDate] = useState(false);

  const ask = useCallback(async (request: () => Promise<Verification>) => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await request());
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.issues.map((i) => i.message)].join('：') : String(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const verify = useCallback(
    async (raw: string) => {
      const text = raw.trim();
      if (!text) return;
      setAnswer(null);
      setTriedBirthDate(false);
      const isNumber = /^(hy|sy)[\s0-9a-z-]+$/i.test(text);
      setAsked(isNumber ? text : null);
      await ask(() =>
        isNumber
          ? api<Verification>(`/api/verify/${encodeURIComponent(text)}`, { quiet401: true })
          : api<Verification>('/api/verify', { method: 'POST', body: { payload: text }, quiet401: true }),
      );
    },
    [ask],
  );

  // The birth date goes in a POST body, never the URL.
  const showDetails = async () => {
    if (!asked || !birthDate) return;
    setTriedBirthDate(true);
    await ask(() =>
      api<Verification>(`/api/verify/${encodeURIComponent(asked)}`, {
        method: 'POST',
        body: { birthDate },
        quiet401: true,
      }),
    );
  };

  useEffect(() => {
    const scanned = window.location.hash.slice(1);
    if (scanned) {
      setInput(scanned);
      void verify(scanned);
    }
  }, [verify]);

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    const data = await decodeImage(file);
    if (!data) return setError(t.noQr);
    setInput(data);
    await verify(data);
  };

  const c = answer?.certificate;
  const r = answer?.registration;
  return (
    <div className="verify-page" style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t.title}</Typography.Title>
        <LanguageSwitch />
      </Space>
      <Card>
        <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
        <Input.TextArea
          data-testid="verify-input"
          rows={3}
          value={input}
          placeholder={t.placeholder}
          onChange={(e) => setInput(e.target.value)}
        />
        <Space wrap style={{ marginTop: 12 }}>
          <Button
            type="primary"
            size="large"
            loading={busy}
            onClick={() => void verify(input)}
            data-testid="verify-submit"
          >
            {t.check}
          </Button>
          <label className="ant-btn ant-btn-default ant-btn-lg" style={{ cursor: 'pointer' }}>
            {t.photo}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              hidden
              onChange={(e) => void onPhoto(e.target.files?.[0])}
            />
          </label>
        </Space>
      </Card>
      {error ? (
        <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} data-testid="verify-error" />
      ) : null}
      {answer ? (
        <Card style={{ marginTop: 16 }} data-testid="verify-result" data-result={answer.result}>
          <Result status={STATUS[answer.result]} title={answer.label} subTitle={answer.reason ?? undefined} />
          {c ? (
            <Descriptions column={1} size="small" bordered styles={ROW_STYLES} data-testid="verify-certificate">
              <Descriptions.Item label={t.number}>{c.number}</Descriptions.Item>
              {c.maskedName !== undefined ? (
                <>
                  <Descriptions.Item label={t.name}>{c.maskedName}</Descriptions.Item>
                  <Descriptions.Item label={t.id}>{c.idNumberMasked}</Descriptions.Item>
                  <Descriptions.Item label={t.children}>{c.childrenCount}</Descriptions.Item>
                </>
              ) : null}
              <Descriptions.Item label={t.issuer}>{c.issuer.name}</Descriptions.Item>
              <Descriptions.Item label={t.issued}>{c.issuedOn}</Descriptions.Item>
              <Descriptions.Item label={t.expires}>{c.expiresOn}</Descriptions.Item>
              {c.replacedByNumber ? (
                <Descriptions.Item label={t.replacedBy}>{c.replacedByNumber}</Descriptions.Item>
              ) : null}
            </Descriptions>
          ) : null}
          {r ? (
            <Descriptions column={1} size="small" bordered styles={ROW_STYLES} data-testid="verify-registration">
              <Descriptions.Item label={t.number}>{r.number}</Descriptions.Item>
              {r.maskedName !== undefined ? (
                <>
                  <Descriptions.Item label={t.name}>{r.maskedName}</Descriptions.Item>
                  <Descriptions.Item label={t.id}>{r.idNumberMasked}</Descriptions.Item>
                </>
              ) : null}
              <Descriptions.Item label={t.issuer}>{r.office.name}</Descriptions.Item>
              <Descriptions.Item label={t.issued}>{r.registeredOn}</Descriptions.Item>
            </Descriptions>
          ) : null}
          {asked && (c || r) && !answer.detailed ? (
            <div style={{ marginTop: 16 }} data-testid="verify-birthdate-form">
              {triedBirthDate ? (
                <Alert type="warning" showIcon title={t.noDetails} data-testid="verify-no-details" />
              ) : null}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t.birthDateHint}
              </Typography.Paragraph>
              <Space wrap>
                <Input
                  type="date"
                  aria-label={t.birthDate}
                  data-testid="verify-birthdate"
                  value={birthDate}
                  onChange={(e) => setBirthDate(e.target.value)}
                />
                <Button
                  loading={busy}
                  disabled={!birthDate}
                  onClick={() => void showDetails()}
                  data-testid="verify-details"
                >
                  {t.details}
                </Button>
              </Space>
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
