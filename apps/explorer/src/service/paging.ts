/** One page of a long list; pages are numbered from 1 and a page past the end shows the last. */
export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
}

export function pageOf<T>(all: readonly T[], page: number, pageSize: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  return {
    items: all.slice((current - 1) * pageSize, current * pageSize),
    page: current,
    pageCount,
    pageSize,
    total: all.length,
  };
}
