"""Advocacy pages by audience: `public` (barriers, the feed and the report form), `links` (the
reporter's confirmation link) and `staff` (review, merging, statuses, overdue replies)."""
