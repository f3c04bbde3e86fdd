/** The `verify` namespace: the public certificate and registration check (zh first, en typed to the same keys). */
const zh = {
  title: '婚育情况证明核验',
  hint: '扫描证明上的二维码，或粘贴二维码内容、输入证明编号。',
  placeholder: '二维码内容或证明编号（HY开头）',
  check: '核验',
  photo: '拍照/选择二维码图片',
  noQr: '图片中未识别到二维码',
  number: '证明编号',
  name: '姓名',
  id: '身份证号',
  issuer: '签发机关',
  issued: '签发日期',
  expires: '有效期至',
  children: '子女数',
  replacedBy: '新证编号',
  birthDateHint: '仅凭编号只显示证明状态。输入持证人的出生日期，可查看证明上的信息（姓名、身份证号已打码）。',
  birthDate: '持证人出生日期',
  details: '查看证明信息',
  noDetails: '出生日期与记录不符，仅显示证明状态。',
};

const en: typeof zh = {
  title: 'Verify a status certificate',
  hint: 'Scan the QR code on the certificate, or paste its content, or type the certificate number.',
  placeholder: 'QR content or certificate number (starts with HY)',
  check: 'Verify',
  photo: 'Photo of the QR code',
  noQr: 'No QR code found in the picture',
  number: 'Number',
  name: 'Name',
  id: 'ID number',
  issuer: 'Issued by',
  issued: 'Issued',
  expires: 'Expires',
  children: 'Children',
  replacedBy: 'Replaced by',
  birthDateHint:
    "A number alone shows the status only. Enter the holder's birth date to see the certificate's details (name and ID number masked).",
  birthDate: "Holder's birth date",
  details: 'Show details',
  noDetails: 'The birth date does not match the record; only the status is shown.',
};

export default { zh, en };
