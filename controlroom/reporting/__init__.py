"""Paper and files made from the books: the periodic report (PDF, CSV) and meeting
minutes (PDF). Plain data in (records.reports.Report, records.models.Meeting), files out;
no Qt, no database session."""
