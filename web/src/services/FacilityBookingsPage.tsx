/**
 * A provider's bookings (issue 26 part 2): who booked this facility's slots (name, masked ID number, slot), with
 * attendance marked on the day and the service recorded against the booking on the services page.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../components/errorText';
import { formatDateTime } from '../format';
import { type FacilityBooking, fetchFacilityBookings, markAttendance } from './queries';

type Booking = FacilityBooking;

export default function FacilityBookingsPage() {
  const { t } = useTranslation('services');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['facility-bookings'],
    queryFn: ({ signal }) => fetchFacilityBookings(signal),
  });
  const mark = useMutation({
    mutationFn: (v: { id: string; attendance: 'attended' | 'no_show' }) => markAttendance(v.id, v.attendance),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['facility-bookings'] }),
    onError: (e) => void message.error(describeError(e)),
  });
  const attendanceTag = (b: Booking) => {
    if (b.status === 'cancelled') return <Tag>{t('cancelled')}</Tag>;
    if (b.serviceId) return <Tag color="green">{t('served')}</Tag>;
    if (b.attendance === 'attended') return <Tag color="blue">{t('attended')}</Tag>;
    if (b.attendance === 'no_show') return <Tag color="orange">{t('noShow')}</Tag>;
    return <Tag>{t('notMarked')}</Tag>;
  };
  return (
    <div className="page" data-testid="facility-bookings-page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {list.data?.facility ? `${t('bookingsTitle')} · ${list.data.facility.name}` : t('bookingsTitle')}
        </Typography.Title>
      </div>
      <Alert type="info" showIcon className="form-alert" title={t('bookingsHint')} />
      {list.isError ? <Alert type="error" showIcon title={describeError(list.error)} /> : null}
      {list.data && !list.data.facility ? <Alert type="warning" showIcon title={t('noFacility')} /> : null}
      <Card size="small" className="detail-card">
        <Table<Booking>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('noBookings') }}
          pagination={{ pageSize: 20 }}
          data-testid="facility-bookings"
          columns={[
            { title: t('slotTime'), render: (_, b) => formatDateTime(b.slot.startsAt) },
            { title: t('service'), render: (_, b) => t(`serviceKinds.${b.slot.kind}`) },
            { title: t('name'), render: (_, b) => b.person.name },
            { title: t('idNumber'), className: 'mono', render: (_, b) => b.person.idNumberMasked },
            { title: t('attendance'), render: (_, b) => attendanceTag(b) },
            {
              title: '',
              render: (_, b) =>
                b.status === 'booked' && !b.serviceId ? (
                  <Space>
                    <Link to={`/services?personId=${b.person.id}&bookingId=${b.id}&kind=${b.slot.kind}`}>
                      <Button size="small" type="primary" data-testid={`record-${b.id}`}>
                        {t('recordAgainst')}
                      </Button>
                    </Link>
                    <Button
                      size="small"
                      disabled={mark.isPending}
                      onClick={() => mark.mutate({ id: b.id, attendance: 'attended' })}
                    >
                      {t('markAttended')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={mark.isPending}
                      onClick={() => mark.mutate({ id: b.id, attendance: 'no_show' })}
                      data-testid={`no-show-${b.id}`}
                    >
                      {t('markNoShow')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
