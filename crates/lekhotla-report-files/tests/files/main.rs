//! The XLSX and the PDF of a sample report, read back: the workbook with calamine, the PDF with pdftotext.

mod pdf;
mod sample;
mod xlsx;
