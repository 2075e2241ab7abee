"""Developer scripts (`make bench`, `make bench-archive`) and the bulk data generators they and the
tests share. Not part of the site: nothing in the apps imports from here."""
