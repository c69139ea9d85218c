//! The XLSX and the PDF of a sample report, and of a document in words and tables, read back: the workbook
//! with calamine, the PDF with pdftotext.

mod document;
mod pdf;
mod sample;
mod xlsx;
