/**
 * The portal's 服务 tab: open slots, the resident's bookings and services received. Cancelling a booking and
 * replacing a booking of the same service (the server answers 409 BOOKING_EXISTS) both ask first, naming the
 * booking (issue 21 part 4).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { formatDateTime } from '../format';
import { ErrorLine } from './ErrorLine';
import { type Booking, bookSlot, cancelBooking, fetchPortalServices, fetchSlots } from './queries';

export function ServicesTab({ health }: { health: boolean }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  // What waits for the resident's yes: cancelling a booking, or replacing one (the 409's message says which).
  const [confirm, setConfirm] = useState<
    { kind: 'cancel'; booking: Booking } | { kind: 'replace'; slotId: string; message: string } | null
  >(null);
  const services = useQuery({ queryKey: ['portal', 'services'], queryFn: fetchPortalServices });
  const slots = useQuery({ queryKey: ['portal', 'slots'], queryFn: fetchSlots });
  const refresh = () => {
    setConfirm(null);
    return queryClient.invalidateQueries({ queryKey: ['portal'] });
  };
  const book = useMutation({
    mutationFn: ({ slotId, replace }: { slotId: string; replace?: boolean }) =>
      bookSlot({ slotId, ...(replace ? { replace: true } : {}) }),
    onSuccess: refresh,
    onError: (e, { slotId }) => {
      if (isApiError(e, 'BOOKING_EXISTS')) setConfirm({ kind: 'replace', slotId, message: e.message });
    },
  });
  const cancel = useMutation({
    mutationFn: cancelBooking,
    onSuccess: refresh,
  });
  if (!health) return <Alert type="info" showIcon message={t('servicesHidden')} data-testid="services-hidden" />;
  const bookings = services.data?.bookings.filter((b) => b.status === 'booked') ?? [];
  const describe = (b: Booking) =>
    `${t(`labels.service.${b.kind}`, { defaultValue: b.kind })} · ${formatDateTime(b.startsAt)} · ${b.facility}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('slotsTitle')} loading={slots.isPending}>
        {slots.data?.items.length === 0 ? <Empty description={t('noSlots')} /> : null}
        <List
          size="small"
          dataSource={slots.data?.items ?? []}
          renderItem={(slot) => (
            <List.Item
              actions={[
                <Button
                  key="book"
                  size="small"
                  type="primary"
                  disabled={slot.left === 0}
                  loading={book.isPending && book.variables?.slotId === slot.id}
                  onClick={() => book.mutate({ slotId: slot.id })}
                  data-testid="portal-book"
                >
                  {t('book')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={t(`labels.service.${slot.kind}`, { defaultValue: slot.kind })}
                description={`${formatDateTime(slot.startsAt)} · ${slot.facility} · ${t('left')} ${slot.left}`}
              />
            </List.Item>
          )}
        />
        {isApiError(book.error, 'BOOKING_EXISTS') ? null : <ErrorLine error={book.error} />}
      </Card>
      {bookings.length ? (
        <Card size="small" title={t('myBookings')}>
          <List
            size="small"
            dataSource={bookings}
            renderItem={(b) => (
              <List.Item
                data-testid="portal-booking"
                actions={
                  // The outcome once the facility marked it; until then the booking can be cancelled.
                  b.service || b.attendance
                    ? [
                        <Tag key="outcome" color={b.attendance === 'no_show' ? 'orange' : 'green'}>
                          {b.service ? t('served') : b.attendance === 'attended' ? t('attended') : t('noShow')}
                        </Tag>,
                      ]
                    : [
                        <Button
                          key="cancel"
                          size="small"
                          onClick={() => setConfirm({ kind: 'cancel', booking: b })}
                          data-testid="portal-booking-cancel"
                        >
                          {t('cancel')}
                        </Button>,
                      ]
                }
              >
                <List.Item.Meta
                  title={t(`labels.service.${b.kind}`, { defaultValue: b.kind })}
                  description={`${formatDateTime(b.startsAt)} · ${b.facility}`}
                />
              </List.Item>
            )}
          />
          <ErrorLine error={cancel.error} />
        </Card>
      ) : null}
      <Card size="small" title={t('servicesTitle')} loading={services.isPending}>
        {services.data?.items.length === 0 ? <Empty description={t('noServices')} /> : null}
        <List
          size="small"
          dataSource={services.data?.items ?? []}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={t(`labels.service.${r.kind}`, { defaultValue: r.kind })}
                description={`${r.date} · ${r.facility ?? ''}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={confirm !== null}
        title={confirm?.kind === 'cancel' ? t('cancelBookingTitle') : t('replaceBookingTitle')}
        okText={confirm?.kind === 'cancel' ? t('cancel') : t('replaceBookingOk')}
        cancelText={t('keepBooking')}
        okButtonProps={{ id: 'portal-confirm-ok', danger: confirm?.kind === 'cancel' }}
        cancelButtonProps={{ id: 'portal-confirm-keep' }}
        confirmLoading={book.isPending || cancel.isPending}
        onCancel={() => {
          setConfirm(null);
          book.reset();
        }}
        onOk={() => {
          if (confirm?.kind === 'cancel') cancel.mutate(confirm.booking.id);
          else if (confirm) book.mutate({ slotId: confirm.slotId, replace: true });
        }}
        destroyOnHidden
      >
        <div data-testid="portal-confirm-text">
          {confirm?.kind === 'cancel' ? `${t('cancelBookingWhich')}${describe(confirm.booking)}` : confirm?.message}
        </div>
      </Modal>
    </Space>
  );
}
