"""Contest pages by audience: `public` (calls and applying), `links` (the applicant's signed
link), `jury` (jurors' scoring) and `staff` (results, statuses and the ranking export)."""
