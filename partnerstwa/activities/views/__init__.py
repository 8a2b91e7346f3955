"""Activities' pages by audience: `public` (anyone), `links` (signed links mailed to a person)
and `staff` (staff accounts holding the permission the page needs)."""
