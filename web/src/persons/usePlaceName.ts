import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useUser } from '../auth';
import { divisionKeys, fetchDivision } from '../components/divisionApi';
import type { DivisionRef } from '../types';

/**
 * Places inside the user's own county read shorter without the county prefix
 * (甬江街道梅堰社区 rather than 浙江省宁波市江北区甬江街道梅堰社区); places elsewhere keep their full name.
 */
export function usePlaceName(): (place: DivisionRef) => string {
  const user = useUser();
  const countyPrefix = user.division.code.slice(0, 6);
  const countyCode = `${countyPrefix}000000`;
  const county = useQuery({
    queryKey: divisionKeys.detail(countyCode),
    queryFn: ({ signal }) => fetchDivision(countyCode, signal),
    staleTime: Number.POSITIVE_INFINITY,
    enabled: user.division.level >= 3,
  });
  const prefix = county.data?.division.fullName;
  return useCallback(
    (place: DivisionRef) =>
      prefix && place.code.startsWith(countyPrefix) && place.fullName.startsWith(prefix) && place.fullName !== prefix
        ? place.fullName.slice(prefix.length)
        : place.fullName,
    [prefix, countyPrefix],
  );
}
