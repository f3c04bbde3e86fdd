/** Select options from a group of labels keyed by code (`labels.partyKind`), in the order the namespace lists them. */
export function labelOptions(
  t: (key: string, options: { returnObjects: true }) => unknown,
  group: string,
): { value: string; label: string }[] {
  const labels = t(group, { returnObjects: true });
  return typeof labels === 'object' && labels !== null
    ? Object.entries(labels as Record<string, string>).map(([value, label]) => ({ value, label }))
    : [];
}
