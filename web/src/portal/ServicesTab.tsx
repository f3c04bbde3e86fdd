/**
 * The portal's 服务 tab: open slots, the resident's bookings and services received. Cancelling a booking and
 * replacing a booking of the same service (the server answers 409 BOOKING_EXISTS) both ask first, naming the
 * booking (issue 21 part 4).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { isApiError } from '../api';
import { formatDateTime } from '../format';
import { ErrorLine } from './ErrorLine';
import locales from './locales';
import { type Booking, bookSlot, cancelBooking, fetchPortalServices, fetchSlots } from './queries';
import { usePortalText } from './shared';
import { labels } from './strings';

export function ServicesTab({ health }: { health: boolean }) {
  const { s, lang } = usePortalText();
  const l = labels(lang);
  const queryClient = useQueryClient();
  // What waits for the resident's yes: cancelling a booking, or replacing one (the 409's message says which).
  const [confirm, setConfirm] = useState<
    { kind: 'cancel'; booking: Booking } | { kind: 'replace'; slotId: string; message: string } | null
  >(null);
  const t = lang.startsWith('en') ? locales.en : locales.zh;
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
  if (!health) return <Alert type="info" showIcon message={s.servicesHidden} data-testid="services-hidden" />;
  const bookings = services.data?.bookings.filter((b) => b.status === 'booked') ?? [];
  const describe = (b: Booking) => `${l.service[b.kind] ?? b.kind} · ${formatDateTime(b.startsAt)} · ${b.facility}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={s.slotsTitle} loading={slots.isPending}>
        {slots.data?.items.length === 0 ? <Empty description={s.noSlots} /> : null}
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
                  {s.book}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={l.service[slot.kind] ?? slot.kind}
                description={`${formatDateTime(slot.startsAt)} · ${slot.facility} · ${s.left} ${slot.left}`}
              />
            </List.Item>
          )}
        />
        {isApiError(book.error, 'BOOKING_EXISTS') ? null : <ErrorLine error={book.error} />}
      </Card>
      {bookings.length ? (
        <Card size="small" title={s.myBookings}>
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
                          {b.service ? t.served : b.attendance === 'attended' ? t.attended : t.noShow}
                        </Tag>,
                      ]
                    : [
                        <Button
                          key="cancel"
                          size="small"
                          onClick={() => setConfirm({ kind: 'cancel', booking: b })}
                          data-testid="portal-booking-cancel"
                        >
                          {s.cancel}
                        </Button>,
                      ]
                }
              >
                <List.Item.Meta
                  title={l.service[b.kind] ?? b.kind}
                  description={`${formatDateTime(b.startsAt)} · ${b.facility}`}
                />
              </List.Item>
            )}
          />
          <ErrorLine error={cancel.error} />
        </Card>
      ) : null}
      <Card size="small" title={s.servicesTitle} loading={services.isPending}>
        {services.data?.items.length === 0 ? <Empty description={s.noServices} /> : null}
        <List
          size="small"
          dataSource={services.data?.items ?? []}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta title={l.service[r.kind] ?? r.kind} description={`${r.date} · ${r.facility ?? ''}`} />
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={confirm !== null}
        title={confirm?.kind === 'cancel' ? s.cancelBookingTitle : s.replaceBookingTitle}
        okText={confirm?.kind === 'cancel' ? s.cancel : s.replaceBookingOk}
        cancelText={s.keepBooking}
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
          {confirm?.kind === 'cancel' ? `${s.cancelBookingWhich}${describe(confirm.booking)}` : confirm?.message}
        </div>
      </Modal>
    </Space>
  );
}
