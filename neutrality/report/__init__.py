"""Writers: one per output format. They take findings and rows, and know nothing of detection."""
