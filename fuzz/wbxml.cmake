# dmboot/wbxml fuzz targets (issue #3); seeds in corpus/<target>/ are the golden and sample WBXML
# files of dmboot/wbxml/testdata plus crash reproducers.
dmboot_fuzz_target(NAME wbxml_decode SOURCE wbxml_decode.cc DEPS dmboot::wbxml)
dmboot_fuzz_target(NAME wbxml_roundtrip SOURCE wbxml_roundtrip.cc DEPS dmboot::wbxml)
# XML text reader (ParseXml) and its round trip through ToXml; seeds are the XML files of
# dmboot/wbxml/testdata, negative cases (neg_*: references, names, roots, encodings) and inputs
# the fuzzer found (fuzz_*).
dmboot_fuzz_target(NAME xml_parse SOURCE xml_parse.cc DEPS dmboot::wbxml)
