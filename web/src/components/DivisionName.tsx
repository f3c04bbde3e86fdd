/** Shows a division code as its full name (one cached look-up per code). */
import { useQuery } from '@tanstack/react-query';
import { divisionKeys, fetchDivision } from './divisionApi';

export default function DivisionName({ code }: { code: string }) {
  const detail = useQuery({
    queryKey: divisionKeys.detail(code),
    queryFn: ({ signal }) => fetchDivision(code, signal),
    staleTime: Number.POSITIVE_INFINITY,
    enabled: /^\d{12}$/.test(code),
  });
  return <span title={code}>{detail.data?.division.fullName ?? code}</span>;
}
