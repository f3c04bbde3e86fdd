/**
 * Records the arrival check (来后15日内登记核验) for one person, in place: the certificate scanned or typed,
 * or "未持证明". Holding none is recorded, never held against anyone; when the user may issue, the modal then
 * offers a certificate on the spot.
 */
import { CameraOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueCertificate, recordCheck } from '../certificates/queries';
import { describeError } from '../components/errorText';
import { decodeImage } from '../verify/decodeImage';

type IssueKind = 'standard' | 'temporary';

/** A scanner types the QR content (or a verify link carrying it after '#'); a typed number starts with HY/SY. */
export function checkBody(raw: string): { number: string } | { payload: string } {
  const text = raw.trim();
  const scanned = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
  return /^(hy|sy)[\s0-9a-z-]+$/i.test(scanned) ? { number: scanned } : { payload: scanned };
}

export default function ArrivalCheckModal({
  personId,
  open,
  issueKinds,
  onDone,
  onClose,
}: {
  personId: string;
  open: boolean;
  issueKinds: IssueKind[];
  /** Something was recorded: the caller refreshes the items and tabs. */
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('persons');
  const [mode, setMode] = useState<'held' | 'none'>('held');
  const [input, setInput] = useState('');
  const [photoError, setPhotoError] = useState(false);
  const [missing, setMissing] = useState(false);
  const check = useMutation({
    mutationFn: () => recordCheck(mode === 'none' ? { noneHeld: true, personId } : { ...checkBody(input), personId }),
    onSuccess: onDone,
  });
  const issue = useMutation({
    mutationFn: (kind: IssueKind) => issueCertificate({ personId, kind }),
    onSuccess: onDone,
  });
  const submit = () => {
    if (mode === 'held' && !input.trim()) return setMissing(true);
    check.mutate();
  };
  const recorded = check.data;
  const offer = recorded?.check.result === 'none_held';
  const footer = recorded
    ? [
        <Button key="close" type="primary" onClick={onClose} data-testid="check-close">
          {offer && !issue.data ? t('work.offerSkip') : t('work.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('work.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={check.isPending} onClick={submit} data-testid="check-save">
          {t('work.checkSave')}
        </Button>,
      ];
  return (
    <Modal open={open} title={t('work.checkTitle')} onCancel={onClose} footer={footer} destroyOnHidden>
      {recorded ? (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="check-result">
          <Alert
            type={recorded.incident ? 'error' : recorded.check.result === 'valid' || offer ? 'success' : 'warning'}
            showIcon
            title={t('work.checkSaved', { result: t(`work.results.${recorded.check.result}`) })}
          />
          {offer ? (
            issue.data ? (
              <Alert
                type="success"
                showIcon
                title={t('work.issued', { number: issue.data.certificate.number })}
                data-testid="offer-issued"
              />
            ) : issueKinds.length ? (
              <div data-testid="issue-offer">
                <Typography.Paragraph>{t('work.offerTitle')}</Typography.Paragraph>
                <Space wrap>
                  {issueKinds.map((kind) => (
                    <Button
                      key={kind}
                      type={kind === issueKinds[0] ? 'primary' : 'default'}
                      loading={issue.isPending && issue.variables === kind}
                      onClick={() => issue.mutate(kind)}
                      data-testid={`offer-${kind}`}
                    >
                      {kind === 'standard' ? t('work.issueStandard') : t('work.issueTemporary')}
                    </Button>
                  ))}
                </Space>
              </div>
            ) : (
              <Typography.Text type="secondary">{t('work.offerNone')}</Typography.Text>
            )
          ) : null}
          {issue.error ? <Alert type="error" showIcon title={describeError(issue.error)} /> : null}
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            optionType="button"
            options={[
              { value: 'held', label: t('work.checkHeld') },
              { value: 'none', label: <span data-testid="check-none">{t('work.checkNone')}</span> },
            ]}
          />
          {mode === 'held' ? (
            <>
              <Input
                autoFocus
                value={input}
                status={missing ? 'error' : undefined}
                placeholder={t('work.checkInput')}
                onChange={(e) => {
                  setInput(e.target.value);
                  setMissing(false);
                }}
                onPressEnter={submit}
                data-testid="check-input"
              />
              <Typography.Text type={missing ? 'danger' : 'secondary'}>
                {missing ? t('work.checkRequired') : t('work.checkInputHint')}
              </Typography.Text>
              <Upload
                accept="image/*"
                showUploadList={false}
                beforeUpload={(file) => {
                  setPhotoError(false);
                  void decodeImage(file).then((data) => (data ? setInput(data) : setPhotoError(true)));
                  return false;
                }}
              >
                <Button icon={<CameraOutlined />}>{t('work.checkPhoto')}</Button>
              </Upload>
              {photoError ? <Typography.Text type="danger">{t('work.checkNoQr')}</Typography.Text> : null}
            </>
          ) : (
            <Alert type="info" showIcon title={t('work.checkNoneHint')} />
          )}
          {check.error ? (
            <Alert type="error" showIcon title={describeError(check.error)} data-testid="check-error" />
          ) : null}
        </Space>
      )}
    </Modal>
  );
}
