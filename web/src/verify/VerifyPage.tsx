/**
 * The public verify page (/verify): no login, phone-first. It takes a scanned QR link (the payload after
 * '#', which never reaches server logs as a URL), a pasted payload, a certificate number, or a photo of
 * the QR code decoded in the browser. It shows masked data only: a number alone gets the status, and the
 * holder's masked details need the QR code or the number plus the holder's birth date.
 * Its own entry (verify.html, main.tsx): plain React and CSS, no antd and no i18next, so a phone on a slow
 * line loads little more than React (issue 21).
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import LangToggle from '../components/LangToggle';
import { Alert, Button, Details, ToneIcon } from '../components/Plain';
import { decodeImage } from './decodeImage';
import { isBirth, isDetailed, type Verification, verifyNumber, verifyPayload, verifyWithBirthDate } from './queries';
import { STATUS } from './verification';

export default function VerifyPage() {
  const { t } = useTranslation('verify');
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
      await ask(() => (isNumber ? verifyNumber(text) : verifyPayload(text)));
    },
    [ask],
  );

  // The birth date goes in a POST body, never the URL.
  const showDetails = async () => {
    if (!asked || !birthDate) return;
    setTriedBirthDate(true);
    await ask(() => verifyWithBirthDate(asked, birthDate));
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
    if (!data) return setError(t('noQr'));
    setInput(data);
    await verify(data);
  };

  const c = answer?.certificate;
  const r = answer && isBirth(answer) ? answer.registration : null;
  const certificateRows: [string, ReactNode][] = c
    ? [
        [t('number'), c.number],
        ...(isDetailed(c)
          ? ([
              [t('name'), c.maskedName],
              [t('id'), c.idNumberMasked],
              [t('children'), c.childrenCount],
            ] as [string, ReactNode][])
          : []),
        [t('issuer'), c.issuer.name],
        [t('issued'), c.issuedOn],
        [t('expires'), c.expiresOn],
        ...(isDetailed(c) && c.replacedByNumber
          ? ([[t('replacedBy'), c.replacedByNumber]] as [string, ReactNode][])
          : []),
      ]
    : [];
  const registrationRows: [string, ReactNode][] = r
    ? [
        [t('number'), r.number],
        ...('maskedName' in r && 'idNumberMasked' in r
          ? ([
              [t('name'), String(r.maskedName)],
              [t('id'), String(r.idNumberMasked)],
            ] as [string, ReactNode][])
          : []),
        [t('issuer'), r.office.name],
        [t('issued'), r.registeredOn],
      ]
    : [];
  return (
    <div className="verify-page">
      <header className="verify-header">
        <h1>{t('title')}</h1>
        <LangToggle />
      </header>
      <section className="v-card v-card-body">
        <p className="v-secondary">{t('hint')}</p>
        <textarea
          className="v-textarea"
          data-testid="verify-input"
          rows={3}
          value={input}
          placeholder={t('placeholder')}
          aria-label={t('placeholder')}
          onChange={(e) => setInput(e.target.value)}
        />
        <div className="v-actions">
          <Button primary large busy={busy} onClick={() => void verify(input)} testId="verify-submit">
            {t('check')}
          </Button>
          <label className="v-button large">
            {t('photo')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              hidden
              onChange={(e) => void onPhoto(e.target.files?.[0])}
            />
          </label>
        </div>
      </section>
      {error ? (
        <Alert tone="error" testId="verify-error">
          {error}
        </Alert>
      ) : null}
      {answer ? (
        <section className="v-card v-card-body" data-testid="verify-result" data-result={answer.result}>
          <div className="v-result">
            <ToneIcon tone={STATUS[answer.result]} size={64} />
            <div className="v-result-title">{answer.label}</div>
            {answer.reason ? <div className="v-result-subtitle">{answer.reason}</div> : null}
          </div>
          {c ? <Details rows={certificateRows} testId="verify-certificate" /> : null}
          {r ? <Details rows={registrationRows} testId="verify-registration" /> : null}
          {asked && (c || r) && !answer.detailed ? (
            <div className="v-birthdate" data-testid="verify-birthdate-form">
              {triedBirthDate ? (
                <Alert tone="warning" testId="verify-no-details">
                  {t('noDetails')}
                </Alert>
              ) : null}
              <p className="v-secondary">{t('birthDateHint')}</p>
              <div className="v-actions">
                <input
                  className="v-input"
                  type="date"
                  aria-label={t('birthDate')}
                  data-testid="verify-birthdate"
                  value={birthDate}
                  onChange={(e) => setBirthDate(e.target.value)}
                />
                <Button busy={busy} disabled={!birthDate} onClick={() => void showDetails()} testId="verify-details">
                  {t('details')}
                </Button>
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
