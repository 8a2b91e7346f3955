# The programme record lives in partnerstwa.programme; this name stays until its last callers move.
from partnerstwa.programme.selectors import programme_current as programme_current
