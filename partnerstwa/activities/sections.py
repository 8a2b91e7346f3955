"""Sections that apps above activities add to an event's public page (lib.sections):
registered in their AppConfig.ready(), rendered with `{% event_sections %}` in that order."""

from partnerstwa.lib.sections import PageSections

EVENT_SECTIONS = PageSections()
event_section_register = EVENT_SECTIONS.register
event_sections = EVENT_SECTIONS.render_joined
