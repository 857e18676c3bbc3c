export { SearchIndex, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, type RebuildReport } from './search-index.js';
export type { SearchHit, SearchQueryOptions, SearchResult } from './search-types.js';
