// Facts about OPA's bundle signing taken from OPA's own test data (bundle/verify_test.go,
// bundle/hash_test.go in open-policy-agent/opa): tokens and keys OPA's tests verify or
// refuse, and a digest they expect. They hold our code to OPA's behaviour without a
// signing `opa` binary (the shared OPA engine has no `opa build`).

enum OPASigningFacts {
    /// HS256 with the secret "secret"; payload keyid "foo", scope "write", two files
    /// (OPA's signedTokenHS256, which its tests verify).
    static let tokenHS256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2RhdGEuanNvbiIsImhhc2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEyIiwiYWxnb3JpdGhtIjoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2OGI1N2JiNWY3NTAzYzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI0ODAyNywiaXNzIjoiSldUU2VydmljZSIsImtleWlkIjoiZm9vIiwic2NvcGUiOiJ3cml0ZSJ9.4nrInalqppAc9EjsNUD9Y35amVpDGoRk4bkxzdY8fhs"

    /// RS256 over the same kind of payload (scope "write"), verified by `publicKey4096`.
    static let tokenRS256 = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJmaWxlcyI6W3sibmFtZSI6ImRiL3VhbTIvZW50aXRsZW1lbnRzL2RhdGEuanNvbiIsImhhc2giOiJjMjEzMTU0NGM3MTZhMjVhNWUzMWY1MDQzMDBmNTI0MGU4MjM1Y2FkYjlhNTdmMGJkMWI2ZjRiZDc0YjI2NjEyIiwiYWxnb3JpdGhtIjoic2hhMjU2In0seyJuYW1lIjoiZGIvdWFtMi9wb2xpY3kvb3BhLXBvbGljeS5yZWdvIiwiaGFzaCI6IjQyY2ZlNjc2OGI1N2JiNWY3NTAzYzE2NWMyOGRkMDdhYzViODEzNTU0ZWJjODUwZjJjYzM1ODQzZTcxMzdiMWQifV0sImlhdCI6MTU5MjI1MTQwNiwiaXNzIjoiSldUU2VydmljZSIsImtleWlkIjoiZm9vIiwic2NvcGUiOiJ3cml0ZSJ9.Xp1RTaiy9FXeELDWfdMYSsnRnmeBzRtoi4ewT5zr__4IXR0fgjpOOJgUoeFalTqumZQr3UO9PgSFM1Xfp1ivP8OQhMzCZEg8gI3yXQVfmu2Pb0Bo70t04AsqMjPG0XWIwYBgj20HwCrvjrzV3O9PfMWSLS03kL8iXzZDNu8BnN5BEuG6X2gpd-KcqIy_OMJLJSUaXvD8a7nvhKm0WbRFGImS2ioUK_9zmz2C6T5oedxPrlardsr6TjXDU4QzMSEYXzv0UnXCPxE0oxAktY47AylOpvg0E1AfYtFFiTpMIhtEU00rVOeFKiDicdG-ZxxicXZTYayd3O5kcu5LusUm7naeWGXc0mTNyFLUehqn3rQxgHUOgFmS_IruRVLLflAxHOoa-KWjkHeZYx5mQVAQJZqkR2kf1o31tcmXo8zqEYSywUy40e4xU9ZEJepQ21oS0NkJLq1hSSD-0lSo9rGqsLboxJ_ZHmC109YrGNyxj4-AoIB_6_9UPOu43o2ylDmyxtiti10FjaO5LhLgr9noI9yTiF-0N5nlAQqiIU6v5ImGb0kAaHrk8Jhin52WHMn3gbyC1Ss9bQgEBl71ZrSqG5mxlws86iHCJ6dLTk_7A9KecH24S_Pt8hufWQW9GpzoslditpQFH2fEKnGZqUipUE3qQI063xBAyeoX2YkiVIc"

    /// The 4096-bit public key OPA's tests verify tokenRS256 with.
    static let publicKey4096 = """
    -----BEGIN PUBLIC KEY-----
    MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA7nJwME0QNM6g0Ou9Sylj
    lcIY4cnBcs8oWVHe74bJ7JTgYmDOk2CA14RE3wJNkUKERP/cRdesKDA/BToJXJUr
    oYvhjXxUYn+i3wK5vOGRY9WUtTF9paIIpIV4USUOwDh3ufhA9K3tyh+ZVsqn80em
    0Lj2ME0EgScuk6u0/UYjjNvcmnQl+uDmghG8xBZh7TZW2+aceMwlb4LJIP36VRhg
    jKQGIxg2rW8ROXgJaFbNRCbiOUUqlq9SUZuhHo8TNOARXXxp9R4Fq7Cl7ZbwWtNP
    wAtM1y+Z+iyu/i91m0YLlU2XBOGLu9IA8IZjPlbCnk/SygpV9NNwTY9DSQ0QfXcP
    TGlsbFwzRzTlhH25wEl3j+2Ub9w/NX7Yo+j/Ei9eGZ8cq0bcvEwDeIo98HeNZWrL
    UUArayRYvh8zutOlzqehw8waFk9AxpfEp9oWekSz8gZw9OL773EhnglYxxjkPHNz
    k66CufLuTEf6uE9NLE5HnlQMbiqBFirIyAWGKyU3v2tphKvcogxmzzWA51p0GY0l
    GZvlLNt2NrJv2oGecyl3BLqHnBi+rGAosa/8XgfQT8RIk7YR/tDPDmPfaqSIc0po
    +NcHYEH82Yv+gfKSK++1fyssGCsSRJs8PFMuPGgv62fFrE/EHSsHJaNWojSYce/T
    rxm2RaHhw/8O4oKcfrbaRf8CAwEAAQ==
    -----END PUBLIC KEY-----
    """

    /// A 1024-bit key OPA's tests expect tokenRS256 to fail with ("crypto/rsa: verification error").
    static let otherPublicKey1024 = """
    -----BEGIN PUBLIC KEY-----
    MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDMYfnvWtC8Id5bPKae5yXSxQTt
    +Zpul6AnnZWfI2TtIarvjHBFUtXRo96y7hoL4VWOPKGCsRqMFDkrbeUjRrx8iL91
    4/srnyf6sh9c8Zk04xEOpK1ypvBz+Ks4uZObtjnnitf0NBGdjMKxveTq+VE7BWUI
    yQjtQ8mbDOsiLLvh7wIDAQAB
    -----END PUBLIC KEY-----
    """

    /// The same key with a corrupted end, which OPA refuses to parse.
    static let malformedPublicKey = """
    -----BEGIN PUBLIC KEY-----
    MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDMYfnvWtC8Id5bPKae5yXSxQTt
    +Zpul6AnnZWfI2TtIarvjHBFUtXRo96y7hoL4VWOPKGCsRqMFDkrbeUjRrx8iL91
    4/srnyf6sh9c8Zk04xEOpK1ypvBz+Ks4uZObtjnnitf0NBGdjMKxveTq+VE7BWUI
    yQjtQ8mbDOsiLLvh7wIDAQAB==
    -----END PUBLIC KEY-----
    """

    /// A `.manifest` and the MD5 digest OPA's tests compute for it (canonical JSON:
    /// `{"revision":"quickbrownfaux"}`).
    static let manifest = #"{"revision": "quickbrownfaux"}"#
    static let manifestMD5 = "a005c38a509dc2d5a7407b9494efb2ad"
}
