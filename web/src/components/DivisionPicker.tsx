/**
 * Division picker: a lazily loaded Cascader (one level per request) beside a remote search box.
 * The value is a 12-digit division code. An existing value is resolved through `GET /api/divisions/:code`
 * so the cascader shows its full path. The whole tree is never downloaded.
 */
import { SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Cascader, Select, Space, Spin } from 'antd';
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth';
import { useDebounced } from '../hooks';
import type { DivisionNode } from '../types';
import { divisionKeys, fetchDivision, loadChildren, ROOT, searchDivisions } from './divisionApi';

/** How much of the administrative path two codes share (province 2, city 4, county 6, township 9). */
function closeness(code: string, home: string | undefined): number {
  if (!home) return 0;
  for (const length of [9, 6, 4, 2]) {
    if (code.slice(0, length) === home.slice(0, length)) return length;
  }
  return 0;
}

interface CascaderOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: CascaderOption[];
}

export interface DivisionPickerProps {
  id?: string;
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  /** The accessible name where no form label names the picker (a filter bar). */
  ariaLabel?: string;
  /** Allow picking a province, city, county or township, not only a leaf (default true). */
  changeOnSelect?: boolean;
  allowClear?: boolean;
  disabled?: boolean;
  status?: '' | 'error' | 'warning';
  style?: CSSProperties;
  className?: string;
}

export default function DivisionPicker(props: DivisionPickerProps) {
  const { id, value, onChange, placeholder, changeOnSelect = true, allowClear = true, disabled, status } = props;
  const { t } = useTranslation();
  const client = useQueryClient();
  const [childrenOf, setChildrenOf] = useState<Record<string, DivisionNode[]>>({});
  const [selectedPath, setSelectedPath] = useState<string[]>([]);
  const [searchText, setSearchText] = useState('');
  const term = useDebounced(searchText.trim(), 250);

  const ensureChildren = useCallback(
    async (parent: string): Promise<DivisionNode[]> => {
      const items = await loadChildren(client, parent);
      setChildrenOf((prev) => (prev[parent] === items ? prev : { ...prev, [parent]: items }));
      return items;
    },
    [client],
  );

  useEffect(() => {
    void ensureChildren(ROOT).catch(() => undefined);
  }, [ensureChildren]);

  // Resolve a value that did not come from the cascader (initial value, search pick) into a path.
  const current = value ?? undefined;
  const needsPath = !!current && selectedPath[selectedPath.length - 1] !== current;
  const detail = useQuery({
    queryKey: divisionKeys.detail(current ?? ''),
    queryFn: ({ signal }) => fetchDivision(current ?? '', signal),
    enabled: needsPath,
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    if (!current) setSelectedPath((prev) => (prev.length ? [] : prev));
  }, [current]);

  useEffect(() => {
    if (!needsPath || !detail.data || detail.data.division.code !== current) return;
    let cancelled = false;
    const codes = detail.data.path.map((node) => node.code);
    (async () => {
      const roots = await ensureChildren(ROOT);
      // The top loaded level may sit below the province; start the path there.
      const rootCodes = new Set(roots.map((root) => root.code));
      const start = codes.findIndex((code) => rootCodes.has(code));
      if (start < 0) return;
      const visible = codes.slice(start);
      // Load each level on the path, and the level below the value so that opening the cascader can go on from it.
      const node = detail.data.division;
      const levels = node.hasChildren ? visible : visible.slice(0, -1);
      await Promise.all(levels.map((code) => ensureChildren(code)));
      if (!cancelled) setSelectedPath(visible);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [needsPath, detail.data, current, ensureChildren]);

  const options = useMemo(() => {
    const build = (parent: string): CascaderOption[] | undefined =>
      childrenOf[parent]?.map((node) => ({
        value: node.code,
        label: node.name,
        isLeaf: !node.hasChildren,
        children: node.hasChildren ? build(node.code) : undefined,
      }));
    return build(ROOT) ?? [];
  }, [childrenOf]);

  const search = useQuery({
    queryKey: divisionKeys.search(term),
    queryFn: ({ signal }) => searchDivisions(term, signal),
    enabled: term.length > 0,
    staleTime: 5 * 60_000,
  });
  // Places near the user's own office first: 甬江街道 before a 跃进街道 in another province for "yjjd".
  const home = useMe().data?.division.code;
  const results = useMemo(
    () =>
      (search.data ?? [])
        .map((node, index) => ({ node, index, near: closeness(node.code, home) }))
        .sort((a, b) => b.near - a.near || a.index - b.index)
        .map(({ node }) => node),
    [search.data, home],
  );

  const onCascaderChange = (codes: string[] | undefined) => {
    const path = codes ?? [];
    setSelectedPath(path);
    onChange?.(path[path.length - 1]);
  };

  const onSearchPick = (code: string) => {
    setSearchText('');
    onChange?.(code);
  };

  const resolving = needsPath && !detail.isError;
  const fallbackLabel = needsPath && detail.data ? detail.data.division.fullName : undefined;
  const notFound = !term ? (
    t('division.typeToSearch')
  ) : search.isFetching ? (
    <Spin size="small" />
  ) : (
    t('division.noMatch')
  );

  return (
    <Space.Compact block className={props.className} style={props.style}>
      <Cascader<CascaderOption>
        id={id}
        style={{ flex: '1 1 66%', minWidth: 0 }}
        options={options}
        value={needsPath ? [] : selectedPath}
        loadData={(selected) => {
          const last = selected[selected.length - 1];
          if (last) void ensureChildren(last.value).catch(() => undefined);
        }}
        onChange={(codes) => onCascaderChange(codes as string[] | undefined)}
        changeOnSelect={changeOnSelect}
        placeholder={resolving ? (fallbackLabel ?? t('division.loading')) : (placeholder ?? t('division.pick'))}
        allowClear={allowClear}
        disabled={disabled}
        status={status}
        displayRender={(labels) => labels.join(' / ')}
        popupMatchSelectWidth={false}
        data-testid={id ? `${id}-cascader` : undefined}
        aria-label={props.ariaLabel}
      />
      <Select<string>
        id={id ? `${id}_search` : undefined}
        style={{ flex: '0 1 34%', minWidth: 110 }}
        showSearch={{ filterOption: false, onSearch: setSearchText, searchValue: searchText }}
        value={null}
        suffixIcon={<SearchOutlined />}
        placeholder={t('division.search')}
        options={results.map((node) => ({ value: node.code, label: node.fullName, title: node.fullName }))}
        onChange={onSearchPick}
        notFoundContent={notFound}
        disabled={disabled}
        popupMatchSelectWidth={360}
        aria-label={t('division.search')}
      />
    </Space.Compact>
  );
}
