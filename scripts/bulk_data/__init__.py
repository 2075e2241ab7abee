"""Bulk data generators for throwaway sites: `make bench`, `make bench-archive` and the query-count
tests (`from scripts.bulk_data.events import bulk_create_events`, `from scripts.bulk_data.publications
import bulk_create_publications`). They write rows directly, without revisions or signals."""
