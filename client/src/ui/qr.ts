import QRCode from 'qrcode';

/** Draw `text` as a QR code on a canvas, in the page (no outside service). */
export function qrCanvas(text: string, size: number, testid: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('data-testid', testid);
  canvas.setAttribute('role', 'img');
  canvas.className = 'qr';
  // Draw at the device's pixel density so the modules stay crisp on a projector or a retina screen.
  const scale = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  void QRCode.toCanvas(canvas, text, { width: Math.round(size * scale), margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
    .then(() => {
      canvas.style.width = `${size}px`;
      canvas.style.height = `${size}px`;
    })
    .catch((e: unknown) => console.error('QR code failed', e));
  return canvas;
}
