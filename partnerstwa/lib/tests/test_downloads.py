"""One helper builds every file download (issue 10, item 5)."""

from partnerstwa.lib.downloads import PDF, XLSX, content_disposition, download


def test_a_plain_name_is_offered_as_it_is():
    response = download(b"x", "zgloszenia-dzien.xlsx", XLSX)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="zgloszenia-dzien.xlsx"'


def test_a_polish_name_gets_an_ascii_fallback_and_the_exact_name_for_modern_clients():
    assert content_disposition("Łódź – raport.pdf") == (
        "attachment; filename=\"Lodz - raport.pdf\"; filename*=utf-8''"
        "%C5%81%C3%B3d%C5%BA%20%E2%80%93%20raport.pdf"
    )


def test_quotes_and_line_breaks_cannot_break_out_of_the_header():
    header = content_disposition('a"b\r\nSet-Cookie: x.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b__Set-Cookie: x.pdf"; filename*=')


def test_an_inline_file_is_shown_rather_than_saved():
    response = download(b"%PDF", "lista.pdf", PDF, inline=True)
    assert response["Content-Disposition"] == 'inline; filename="lista.pdf"'
